'use strict';
// The cold-start bench only imports the handler; no step runs, so executeStep just runs its function.
module.exports = { synthetics: { executeStep: async (_name, run) => run() } };
