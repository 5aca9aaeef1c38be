import { statSync } from '../fs.ts';

/**
 * Whether an invoices path is read as e-invoices (UBL, CII, Factur-X): a folder, or an `.xml` / `.pdf`
 * file. Kept apart from `read-einvoice.ts` so that deciding costs no XML parser: that module (and the
 * XML parser) is loaded only when e-invoices are given.
 */
export async function isEInvoicePath(path: string): Promise<boolean> {
  if (/\.(xml|pdf)$/i.test(path)) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
