import * as fc from 'fast-check';
import { cloneJson } from '../../src/util/clone';

describe('cloneJson', () => {
  test('copies nested objects and arrays: changing the copy leaves the original as it was', () => {
    const original = { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80 }] }], hostNetwork: true }, n: null };
    const copy = cloneJson(original);
    expect(copy).toEqual(original);
    copy.spec.containers[0].ports[0].containerPort = 81;
    copy.spec.containers.push({ name: 'b', ports: [] });
    (copy.spec as any).hostNetwork = false;
    expect(original).toEqual({ spec: { containers: [{ name: 'a', ports: [{ containerPort: 80 }] }], hostNetwork: true }, n: null });
    expect(copy.spec).not.toBe(original.spec);
    expect(copy.spec.containers).not.toBe(original.spec.containers);
  });

  test('scalars are returned as they are', () => {
    for (const v of ['x', '', 0, -1.5, true, false, null, undefined]) expect(cloneJson(v)).toBe(v);
  });

  test('keeps key order, and __proto__ as an own key (as JSON.parse makes it) without changing the prototype', () => {
    const parsed = JSON.parse('{"b":1,"a":2,"__proto__":{"polluted":true}}');
    const copy = cloneJson(parsed);
    expect(Object.keys(copy)).toEqual(['b', 'a', '__proto__']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as any).polluted).toBeUndefined();
    expect((copy as any).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
  });

  test('a plain object from another realm is copied too; class instances are shared', () => {
    const foreign = structuredClone({ a: { b: [1] } }); // made in Node's realm, not jest's
    const copy = cloneJson(foreign);
    expect(copy).not.toBe(foreign);
    expect(copy.a).not.toBe(foreign.a);
    class Box {
      constructor(readonly v: number) {}
    }
    const box = new Box(1);
    expect(cloneJson({ box }).box).toBe(box);
  });

  test('property: for any JSON value, the copy equals structuredClone and shares no object with the original', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const copy = cloneJson(value);
      // structuredClone makes its copy in Node's realm, not jest's: compare the JSON.
      expect(JSON.stringify(copy)).toBe(JSON.stringify(structuredClone(value)));
      expect(copy).toEqual(value);
      const objects = (v: unknown, out: Set<unknown>): Set<unknown> => {
        if (typeof v === 'object' && v !== null) {
          out.add(v);
          Object.values(v).forEach((x) => objects(x, out));
        }
        return out;
      };
      const mine = objects(value, new Set());
      for (const o of objects(copy, new Set())) expect(mine.has(o)).toBe(false);
    }), { numRuns: 300 });
  });
});
