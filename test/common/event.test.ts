import { describe, expect, it } from 'vitest';
import { DisposableStore, Emitter, toDisposable } from '../../app/common/event';

describe('Emitter', () => {
  it('calls every listener with the value, and stops calling one once disposed', () => {
    const emitter = new Emitter<number>();
    const a: number[] = [];
    const b: number[] = [];
    const offA = emitter.event((v) => a.push(v));
    emitter.event((v) => b.push(v));
    emitter.fire(1);
    offA.dispose();
    emitter.fire(2);
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
  });

  it('keeps one function subscribed twice as two subscriptions', () => {
    const emitter = new Emitter<string>();
    const heard: string[] = [];
    const listener = (v: string): void => void heard.push(v);
    const first = emitter.event(listener);
    emitter.event(listener);
    first.dispose();
    emitter.fire('x');
    expect(heard).toEqual(['x']);
  });

  it('isolates a throwing listener: the others still hear, the handler gets the error', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>({ onListenerError: (error) => errors.push(error) });
    const heard: number[] = [];
    emitter.event(() => {
      throw new Error('bug');
    });
    emitter.event((v) => heard.push(v));
    emitter.fire(7);
    expect(heard).toEqual([7]);
    expect(errors).toEqual([new Error('bug')]);
  });

  it('without an error handler, rethrows the first error after every listener ran', () => {
    const emitter = new Emitter<number>();
    const heard: number[] = [];
    emitter.event(() => {
      throw new Error('first');
    });
    emitter.event(() => {
      throw new Error('second');
    });
    emitter.event((v) => heard.push(v));
    expect(() => emitter.fire(3)).toThrow('first');
    expect(heard).toEqual([3]);
  });

  it('fires to the listeners subscribed when it started, even if one unsubscribes another', () => {
    const emitter = new Emitter<number>();
    const heard: string[] = [];
    let second = toDisposable(() => undefined);
    emitter.event(() => {
      heard.push('first');
      second.dispose();
    });
    second = emitter.event(() => heard.push('second'));
    emitter.fire(1);
    emitter.fire(2);
    expect(heard).toEqual(['first', 'second', 'first']);
  });

  it('hears a listener subscribed during a fire from the next fire on', () => {
    const emitter = new Emitter<number>();
    const heard: string[] = [];
    emitter.event((n) => {
      heard.push(`first ${n}`);
      if (n === 1) emitter.event((m) => heard.push(`late ${m}`));
    });
    emitter.fire(1);
    emitter.fire(2);
    expect(heard).toEqual(['first 1', 'first 2', 'late 2']);
  });

  it('drops every listener on dispose and ignores later subscriptions', () => {
    const emitter = new Emitter<number>();
    const heard: number[] = [];
    emitter.event((v) => heard.push(v));
    emitter.dispose();
    emitter.event((v) => heard.push(v));
    emitter.fire(1);
    expect(heard).toEqual([]);
    expect(emitter.hasListeners).toBe(false);
  });
});

describe('DisposableStore', () => {
  it('disposes what it holds once, newest first, and disposes later additions at once', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('a')));
    store.add(toDisposable(() => order.push('b')));
    store.dispose();
    store.dispose();
    store.add(toDisposable(() => order.push('late')));
    expect(order).toEqual(['b', 'a', 'late']);
  });

  it('clear() disposes the current items and stays usable', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('old')));
    store.clear();
    store.add(toDisposable(() => order.push('new')));
    expect(order).toEqual(['old']);
    store.dispose();
    expect(order).toEqual(['old', 'new']);
  });

  it('disposes every item even when one throws, then rethrows', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('a')));
    store.add(
      toDisposable(() => {
        throw new Error('bad');
      }),
    );
    expect(() => store.dispose()).toThrow('bad');
    expect(order).toEqual(['a']);
  });
});
