// Requests Node's HTTP parser refuses before Express sees them (a request line and headers
// above the 16 KB limit, e.g. 2,000 query parameters; malformed HTTP): answered as
// problem+json like every other refusal, instead of Node's bare status line.
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProblemError, problemDocument } from './problem';

function problemFor(code: string | undefined): ProblemError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ProblemError(
        431,
        'headers-too-large',
        'The request line or headers are too large',
        'The URL and headers together may be at most 16 KB: send fewer or shorter query parameters.',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ProblemError(408, 'request-timeout', 'The request took too long to arrive');
    default:
      return new ProblemError(400, 'bad-request', 'The request is not valid HTTP');
  }
}

export function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // NOTE: a socket that already answered or went away gets nothing more (Node's own rule)
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const problem = problemFor(error.code);
    const body = JSON.stringify(problemDocument(problem));
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
