import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

/**
 * The parts of exceljs `ar` uses, each required on its own: the package's entry requires all of it
 * (its streaming reader and CSV too), 144 ms to load where these take 90 (measured with `node -e`,
 * one `require` each). The types are the package's own; the tests write and read back every
 * workbook, so a version that moved these files would fail them.
 */
const require = createRequire(import.meta.url);

/** The in-memory workbook: the report's template read, statements and dossiers written. */
export const Workbook: typeof ExcelJS.Workbook = require('exceljs/lib/doc/workbook');
/** The streaming writer of the report, a committed row at a time. */
export const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter = require('exceljs/lib/stream/xlsx/workbook-writer');
export const ValueType: typeof ExcelJS.ValueType = (require('exceljs/lib/doc/enums') as { ValueType: typeof ExcelJS.ValueType }).ValueType;
