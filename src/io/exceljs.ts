import type ExcelJS from 'exceljs';
import { requirePackage } from '../resources.ts';

/**
 * The parts of exceljs `ar` uses, each required on its own: the package's entry requires all of it
 * (its streaming reader and CSV too), 144 ms to load where these take 90 (measured with `node -e`,
 * one `require` each). The types are the package's own; the tests write and read back every
 * workbook, so a version that moved these files would fail them.
 */

/** The in-memory workbook: the report's template read, statements and dossiers written. */
export const Workbook = requirePackage('exceljs/lib/doc/workbook') as typeof ExcelJS.Workbook;
/** The streaming writer of the report, a committed row at a time. */
export const WorkbookWriter = requirePackage('exceljs/lib/stream/xlsx/workbook-writer') as typeof ExcelJS.stream.xlsx.WorkbookWriter;
export const ValueType = (requirePackage('exceljs/lib/doc/enums') as { ValueType: typeof ExcelJS.ValueType }).ValueType;
