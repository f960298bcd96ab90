#!/usr/bin/env node
// Runs a server for the local runner and ties its life to the runner's: when the runner goes away, even by
// kill -KILL (which no shutdown hook sees), the runner's end of this process's standard input closes and its parent
// changes; then the server is stopped. No orphan keeps serving old data. Exits with the server's status.
// usage: node watch-parent.js COMMAND [ARGS...]
'use strict';
const { spawn } = require('child_process');
const os = require('os');

const [command, ...args] = process.argv.slice(2);
const parent = process.ppid;
const server = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop() {
  if (stopping) return;
  stopping = true;
  server.kill('SIGTERM');
  setTimeout(() => { server.kill('SIGKILL'); process.exit(1); }, 3000).unref();
}

process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => { if (process.ppid !== parent) stop(); }, 500);
server.on('error', (error) => { console.error(`cannot start ${command}: ${error.message}`); process.exit(127); });
server.on('exit', (code, signal) => process.exit(code !== null ? code : 128 + (os.constants.signals[signal] || 0)));
