// The Node.js peer of ipclab-bench: child_process.fork IPC, the transport Electron's own
// main <-> utility processes use.
//
//   node node-echo.js parent <json|advanced> <payload>
//
// The parent forks this script as its child with the given serialization, then reads commands
// on stdin: "run N" does N round trips of an invoke-shaped message (the child echoes it back as
// a result), timed with process.hrtime.bigint(), and prints the N samples in nanoseconds as one
// JSON array line. It exits when stdin ends.
'use strict';

const { fork } = require('child_process');
const readline = require('readline');

if (process.argv[2] === 'child') {
    process.on('message', (m) => process.send({ type: 'result', id: m.id, value: m.args[0] }));
    process.on('disconnect', () => process.exit(0));
} else {
    const serialization = process.argv[3] || 'json';
    const payload = process.argv[4] || 'x'.repeat(64);
    const child = fork(__filename, ['child'], { serialization });
    const lines = readline.createInterface({ input: process.stdin });
    let queue = Promise.resolve();

    function roundTrips(count) {
        return new Promise((resolve) => {
            const samples = new Array(count);
            let done = 0;
            let t0 = 0n;
            const next = () => {
                t0 = process.hrtime.bigint();
                child.send({ type: 'invoke', id: done + 1, channel: 'bench:echo', args: [payload] });
            };
            const onMessage = () => {
                samples[done] = Number(process.hrtime.bigint() - t0);
                if (++done === count) {
                    child.off('message', onMessage);
                    resolve(samples);
                } else {
                    next();
                }
            };
            child.on('message', onMessage);
            next();
        });
    }

    lines.on('line', (line) => {
        const match = /^run (\d+)$/.exec(line.trim());
        if (!match)
            return;
        queue = queue.then(() => roundTrips(Number(match[1])))
                     .then((samples) => process.stdout.write(JSON.stringify(samples) + '\n'));
    });
    lines.on('close', () => queue.then(() => child.disconnect()));
}
