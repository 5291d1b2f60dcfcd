import type { FieldValue, Fields, Point, Tags } from '@vigil/core';
import { TimeValue, type LambdaScope } from './compiled-lambda';
import { lambdaError } from './lambda-failure';
import { MISSING, type Value } from './value-type';

/**
 * Reads the referenced names of one point into the evaluation slots (Kapacitor's fillScope):
 * `"time"` is the point time; otherwise a field, else a tag, else a value from the caller's
 * scope (earlier eval results), else missing. A name that is both a field and a tag is an error
 * for the whole evaluation. Unsigned fields are ints (int64, wrapping like a Go conversion).
 */
export type ScopeFiller = (point: Point, slots: Value[], scope: LambdaScope | undefined) => void;

/** Names that plain property access would find on Object.prototype ("constructor", "__proto__"). */
function inheritsFromPrototype(name: string): boolean {
  return name in Object.prototype;
}

function ownField(fields: Fields, name: string): FieldValue | undefined {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

function ownTag(tags: Tags, name: string): string | undefined {
  return Object.hasOwn(tags, name) ? tags[name] : undefined;
}

export function createScopeFiller(names: readonly string[]): ScopeFiller {
  const timeSlot = names.indexOf('time');
  const guarded = names.map(inheritsFromPrototype);
  return (point, slots, scope) => {
    const fields = point.fields;
    const tags = point.tags;
    for (let index = 0; index < names.length; index++) {
      if (index === timeSlot) {
        slots[index] = new TimeValue(point.time);
        continue;
      }
      const name = names[index] as string;
      const field = guarded[index] ? ownField(fields, name) : fields[name];
      const tag = guarded[index] ? ownTag(tags, name) : tags[name];
      if (field !== undefined) {
        if (tag !== undefined) throw lambdaError(`cannot have field and tags with same name ${JSON.stringify(name)}`);
        slots[index] = typeof field === 'object' ? BigInt.asIntN(64, field.value) : field;
      } else if (tag !== undefined) {
        slots[index] = tag;
      } else {
        slots[index] = scope?.get(name) ?? MISSING;
      }
    }
  };
}
