// A request to the outside world (payment provider, carrier, SMTP) is not a function call: it is in
// flight while everything else goes on, the server may answer, answer and lose the reply, or refuse;
// the caller may give up (time out) before the server has even seen it, and the server may still act
// on it afterwards. A crashed caller forgets its calls; the server does not.

export type Delivery = 'answer' | 'lose-reply' | 'refuse';

export interface Call<Rep> {
  id: number;
  label: string;
  /** The owning service: a crash of it drops the caller side. */
  caller: string;
  state: 'in-flight' | 'answered' | 'reply-lost' | 'refused';
  /** When the caller gives up waiting (its client timeout). */
  deadline: number;
  reply?: Rep;
  callerWaiting: boolean;
}

interface Pending<Req, Rep> extends Call<Rep> {
  request: Req;
  onReply: (reply: Rep) => void;
  onFailure: (why: string) => void;
}

export class Wire<Req, Rep> {
  private readonly calls: Pending<Req, Rep>[] = [];
  private seq = 0;

  /**
   * `exactlyWhileWaiting`: the server completes a request only while its caller still waits, and the
   * caller hears the answer in the same step (SMTP: a message counts as accepted only when the client
   * got the 250 after its final dot; a vanished client's message is discarded). A 250 lost in transit,
   * or a crash between the 250 and recording it, resends: SMTP's own at-least-once limit, which the
   * deterministic Message-ID lets mail systems fold. The model leaves that window out on purpose.
   */
  constructor(
    readonly name: string,
    private readonly serve: (request: Req) => Rep,
    private readonly timeoutMs: number,
    private readonly now: () => number,
    readonly exactlyWhileWaiting = false,
  ) {}

  send(
    caller: string,
    label: string,
    request: Req,
    onReply: (reply: Rep) => void,
    onFailure: (why: string) => void,
  ): void {
    this.seq += 1;
    const deadline = this.now() + this.timeoutMs;
    this.calls.push({
      id: this.seq,
      label,
      caller,
      request,
      state: 'in-flight',
      deadline,
      callerWaiting: true,
      onReply,
      onFailure,
    });
  }

  /** Requests the server has not handled yet (including those whose caller gave up). */
  unserved(): readonly Call<Rep>[] {
    return this.calls.filter((c) => c.state === 'in-flight' && (c.callerWaiting || !this.exactlyWhileWaiting));
  }

  /** Calls whose caller can act now: take the answer or refusal, or give up once its deadline passed. */
  completable(): readonly Call<Rep>[] {
    return this.calls.filter(
      (c) => c.callerWaiting && (c.state === 'answered' || c.state === 'refused' || c.deadline <= this.now()),
    );
  }

  /** True while a caller's deadline has come and it has not given up yet: its timeout fires before time moves on. */
  overdue(): boolean {
    return this.calls.some(
      (c) => c.callerWaiting && c.state !== 'answered' && c.state !== 'refused' && c.deadline <= this.now(),
    );
  }

  /** Deadlines of calls still awaited (timers: time cannot pass one without the caller noticing). */
  deadlines(): number[] {
    return this.calls.filter((c) => c.callerWaiting).map((c) => c.deadline);
  }

  /** The server handles a request: it acts (unless it refuses) and its answer may or may not come back. */
  serveCall(id: number, how: Delivery): void {
    const call = this.find(id);
    if (how === 'refuse') {
      call.state = 'refused';
    } else {
      call.reply = this.serve(call.request);
      call.state = how === 'answer' ? 'answered' : 'reply-lost';
    }
    if (this.exactlyWhileWaiting && call.state === 'answered') this.complete(id);
    this.forget();
  }

  /** The caller takes what came back: the answer, or the refusal / silence as a failure (timeout). */
  complete(id: number): void {
    const call = this.find(id);
    call.callerWaiting = false;
    if (call.state === 'answered') call.onReply(call.reply as Rep);
    else call.onFailure(call.state === 'refused' ? `${this.name} unavailable` : `${this.name} timed out`);
    this.forget();
  }

  crash(caller: string): void {
    for (const call of this.calls) if (call.caller === caller) call.callerWaiting = false;
    this.forget();
  }

  private find(id: number): Pending<Req, Rep> {
    const call = this.calls.find((c) => c.id === id);
    if (!call) throw new Error(`no call ${id} on ${this.name}`);
    return call;
  }

  /** Nobody waits and the server is done with it: the call is over. */
  private forget(): void {
    for (let i = this.calls.length - 1; i >= 0; i -= 1) {
      const call = this.calls[i] as Pending<Req, Rep>;
      if (!call.callerWaiting && (call.state !== 'in-flight' || this.exactlyWhileWaiting)) this.calls.splice(i, 1);
    }
  }
}
