import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await inst.connect();
const r = await con.runAndReadAll(`select 42 as x, version() as v`);
console.log(r.getRowObjects());
