// A real EventSource client for the SSE end-to-end test.
// Usage: node sse-client.mjs <url> <events to receive> <timeout ms>
// Prints one JSON line per happening: {"open":n} on each (re)connection, {"event":<data>,"id":<lastEventId>} per
// message, {"done":true} once the wanted number of messages arrived, {"error":...} on a non-retryable error.
import { EventSource } from 'eventsource';

const [url, wanted, timeout] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
let opens = 0;
let received = 0;
const source = new EventSource(url);
const out = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const timer = setTimeout(() => { out({ timeout: true }); source.close(); process.exit(2); }, timeout);
source.onopen = () => { opens += 1; out({ open: opens }); };
source.onmessage = (message) => {
  received += 1;
  out({ event: JSON.parse(message.data), id: message.lastEventId });
  if (received >= wanted) {
    out({ done: true, opens });
    clearTimeout(timer);
    source.close();
    process.exit(0);
  }
};
source.onerror = (error) => {
  if (source.readyState === EventSource.CLOSED) {
    out({ error: String(error && (error.message || error.code)) });
    clearTimeout(timer);
    process.exit(3);
  }
};
