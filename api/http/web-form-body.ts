// The web app's form posts reach React Router, whose actions read the whole body with
// request.formData(): it is bounded here first, as express.json bounds the API's bodies.
// Browsers send Content-Length with every form post, and Node refuses a body longer than
// the length it announced, so the header alone bounds what is read.
import type { RequestHandler } from 'express';
import { ProblemError, sendProblem } from './problem';

/** A post's text for every network, each at its longest in URL-encoded emoji, fits with room to spare. */
export const WEB_FORM_BODY_LIMIT_BYTES = 1_048_576;

export function boundWebFormBodies(limitBytes = WEB_FORM_BODY_LIMIT_BYTES): RequestHandler {
  return (req, res, next) => {
    // A refusal comes before the body was read: the client must not send its next request
    // on this connection, behind the unread rest of this one.
    const refuse = (problem: ProblemError) => {
      res.setHeader('Connection', 'close');
      sendProblem(res, problem);
    };
    const length = req.headers['content-length'];
    if (length === undefined) {
      // without either header a request has no body
      if (req.headers['transfer-encoding'] === undefined) return next();
      return refuse(new ProblemError(411, 'length-required', 'Content-Length required', 'Send the form with a Content-Length header.'));
    }
    if (Number(length) > limitBytes) {
      return refuse(
        new ProblemError(413, 'body-too-large', 'The request body is too large', `A form may send at most ${limitBytes / 1_048_576} MB.`),
      );
    }
    // A page without an action answers without reading the body, and React Router's body
    // stream keeps the request paused: the rest is read and dropped, so the client, still
    // sending it, receives that answer instead of a reset connection.
    res.on('finish', () => {
      if (req.complete) return;
      req.removeAllListeners('data');
      req.resume();
    });
    next();
  };
}
