import { HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import { errorAnswer } from './kapacitor-error';

describe('errorAnswer', () => {
  it("answers Nest's own errors and unexpected ones in Kapacitor's shape", () => {
    expect(errorAnswer(new NotFoundException('Cannot GET /kapacitor/v1/alerts/topics'))).toEqual({ status: 404, body: { error: 'Cannot GET /kapacitor/v1/alerts/topics' } });
    expect(errorAnswer(new HttpException('too many', HttpStatus.TOO_MANY_REQUESTS))).toEqual({ status: 429, body: { error: 'too many' } });
    expect(errorAnswer(new HttpException({ statusCode: 400, message: ['a', 'b'], error: 'Bad Request' }, 400))).toEqual({ status: 400, body: { error: 'a; b' } });
    expect(errorAnswer(new Error('secret path /etc/x'))).toEqual({ status: 500, body: { error: 'internal error' } });
  });

  it('keeps a body a controller chose, as the readiness report of a 503', () => {
    const report = { ready: false, checks: [{ name: 'evaluator', ready: false }] };
    expect(errorAnswer(new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE))).toEqual({ status: 503, body: report });
  });
});
