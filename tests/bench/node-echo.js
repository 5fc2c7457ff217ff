// The Node.js peer of ipclab-bench: child_process.fork IPC, the transport Electron's own
// main <-> utility processes use.
//
//   node node-echo.js parent <json|advanced> <payload>
//
// payload is the string argument itself, or "string:N" for N 'x' characters (too long for a
// command line at the sweep's larger sizes), or "records:N" for the object payload
// (tests/bench/benchpayload.cpp builds the same records).
//
// The parent forks this script as its child with the given serialization, then reads commands
// on stdin: "run N" does N round trips of an invoke-shaped message (the child echoes it back as
// a result), timed with process.hrtime.bigint(), and prints the N samples in nanoseconds as one
// JSON array line. It exits when stdin ends.
'use strict';

const { fork } = require('child_process');
const readline = require('readline');

function records(count) {
    const out = [];
    for (let i = 0; i < count; ++i) {
        out.push({
            id: i,
            name: 'Record ' + String(i).padStart(4, '0'),
            kind: 'type' + (i % 7),
            score: i * 0.25 + 0.5,
            active: i % 3 !== 0,
            count: i * 37 % 1000,
            date: '2026-11-' + String(1 + i % 28).padStart(2, '0'),
            tags: ['t' + (i % 5), 'g' + (i % 3)],
        });
    }
    return out;
}

function payloadOf(spec) {
    if (spec === undefined)
        return 'x'.repeat(64);
    let match = /^string:(\d+)$/.exec(spec);
    if (match)
        return 'x'.repeat(Number(match[1]));
    match = /^records:(\d+)$/.exec(spec);
    if (match)
        return records(Number(match[1]));
    return spec;
}

if (process.argv[2] === 'child') {
    process.on('message', (m) => process.send({ type: 'result', id: m.id, value: m.args[0] }));
    process.on('disconnect', () => process.exit(0));
} else {
    const serialization = process.argv[3] || 'json';
    const payload = payloadOf(process.argv[4]);
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
