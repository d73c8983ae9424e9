import { ApiError } from './api-error.js';
import { cloneJson, jsonEqual } from './kube-object.js';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

/**
 * Applies a JSON patch (RFC 6902) and returns the patched copy. Errors are 422 ApiErrors, like
 * the apiserver's, so a failed `test` operation aborts the whole patch.
 */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw patchError('a JSON patch must be an array of operations');
  let document = cloneJson(target);
  for (const [index, raw] of patch.entries()) {
    const operation = raw as Operation;
    if (typeof operation?.op !== 'string' || typeof operation.path !== 'string') {
      throw patchError(`operation ${index} must have string "op" and "path" fields`);
    }
    document = applyOperation(document, operation);
  }
  return document;
}

function applyOperation(document: unknown, operation: Operation): unknown {
  switch (operation.op) {
    case 'add':
      return setValue(document, parsePointer(operation.path), requireValue(operation), 'add');
    case 'replace':
      getValue(document, parsePointer(operation.path));
      return setValue(document, parsePointer(operation.path), requireValue(operation), 'replace');
    case 'remove':
      return removeValue(document, parsePointer(operation.path));
    case 'move': {
      const from = parsePointer(requireFrom(operation));
      const value = getValue(document, from);
      return setValue(removeValue(document, from), parsePointer(operation.path), value, 'add');
    }
    case 'copy': {
      const value = cloneJson(getValue(document, parsePointer(requireFrom(operation))));
      return setValue(document, parsePointer(operation.path), value, 'add');
    }
    case 'test': {
      const actual = getValue(document, parsePointer(operation.path));
      if (!jsonEqual(actual, operation.value)) throw patchError(`testing value ${operation.path} failed`);
      return document;
    }
    default:
      throw patchError(`unexpected operation "${operation.op}"`);
  }
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw patchError(`path "${pointer}" must start with "/"`);
  return pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getValue(document: unknown, tokens: string[]): unknown {
  let current: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      const index = Number(token);
      if (!/^\d+$/.test(token) || index >= current.length) throw patchError(`index "${token}" is out of range`);
      current = current[index];
    } else if (typeof current === 'object' && current !== null && Object.prototype.hasOwnProperty.call(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      throw patchError(`doc is missing path: "/${tokens.join('/')}": missing value`);
    }
  }
  return current;
}

function setValue(document: unknown, tokens: string[], value: unknown, mode: 'add' | 'replace'): unknown {
  if (tokens.length === 0) return value;
  const parent = getValue(document, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!(last === '-' || /^\d+$/.test(last)) || index > parent.length) throw patchError(`index "${last}" is out of range`);
    if (mode === 'replace') parent[index] = value;
    else parent.splice(index, 0, value);
  } else if (typeof parent === 'object' && parent !== null) {
    (parent as Record<string, unknown>)[last] = value;
  } else {
    throw patchError(`doc is missing path: "/${tokens.join('/')}": parent is not a container`);
  }
  return document;
}

function removeValue(document: unknown, tokens: string[]): unknown {
  if (tokens.length === 0) throw patchError('the whole document cannot be removed');
  getValue(document, tokens);
  const parent = getValue(document, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete (parent as Record<string, unknown>)[last];
  return document;
}

function requireValue(operation: Operation): unknown {
  if (!('value' in operation)) throw patchError(`operation "${operation.op}" on ${operation.path} is missing "value"`);
  return cloneJson(operation.value);
}

function requireFrom(operation: Operation): string {
  if (typeof operation.from !== 'string') throw patchError(`operation "${operation.op}" on ${operation.path} is missing "from"`);
  return operation.from;
}

function patchError(message: string): ApiError {
  return new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${message}`);
}
