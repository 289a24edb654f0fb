/**
 * Child process of db/durability.test.ts: writes batches of call events through the real projector
 * into a database file as fast as it can, printing each batch number once its transaction committed,
 * until it is killed with SIGKILL.
 */
import { openDatabase } from '@/db/client';
import { loadBoardState } from '@/db/queries/load-board-state';
import { createProjectorStore } from '@/db/queries/projector-store';
import { Projector } from '@/server/domain/projector';
import { known, leg, upsert } from '@/server/domain/test-events';

const [file, batchSizeArg] = process.argv.slice(2);
if (!file) throw new Error('usage: crash-writer <database file> [batch size]');
const batchSize = Number(batchSizeArg ?? 50);
const db = openDatabase(file);
const projector = new Projector({
  store: createProjectorStore(db),
  state: loadBoardState(db, new Date()),
  reload: () => loadBoardState(db, new Date()),
  publish: () => {},
});
projector.apply([known(['201', '202', '203', '204'])]);
let batch = 0;
function burst(): void {
  for (let n = 0; n < 20; n++) {
    batch += 1;
    const events = Array.from({ length: batchSize }, (_, i) => upsert(leg(String(201 + (i % 4)), `b${batch}-${i}`, 'ringing'), batch));
    projector.apply(events);
    process.stdout.write(`committed ${batch}\n`);
  }
  setImmediate(burst);
}
burst();
