// Prints the environment this process received, as one JSON line: the dev-settings check runs it through
// turbo to prove that every documented setting reaches the apps (turbo's strict mode would drop unlisted ones).
console.log(`ENV_PROBE ${JSON.stringify(process.env)}`);
