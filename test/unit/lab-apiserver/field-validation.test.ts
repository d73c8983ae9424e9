import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/lab/apiserver/api-error.js';
import { enforceFieldValidation, fieldValidationParameter, findUnknownFields, type FieldValidation } from '../../../src/lab/apiserver/field-validation.js';
import { fieldSchemaOf } from '../../../src/lab/apiserver/field-schemas.js';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { createDefaultRegistry } from '../../../src/lab/apiserver/resources.js';

const registry = createDefaultRegistry();
const deployments = registry.resolve('deployments.apps');
const storkSnapshots = registry.resolve('volumesnapshots.volumesnapshot.external-storage.k8s.io');

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'mysql', labels: { app: 'mysql' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'mysql' } },
      template: { metadata: { labels: { app: 'mysql' } }, spec: { containers: [{ name: 'mysql', image: 'mysql:8.0', imagePullPolicy: 'Always' }] } },
    },
    status: { replicas: 1 },
  };
}

function newResponse(): ServerResponse {
  return new ServerResponse(new IncomingMessage(new Socket()));
}

function enforce(directive: FieldValidation, object: KubeObject, existingPaths?: Set<string>): ServerResponse {
  const response = newResponse();
  enforceFieldValidation({ type: deployments, directive, response, existingPaths }, object);
  return response;
}

describe('fieldValidation parameter', () => {
  it('defaults to Warn', () => {
    expect(fieldValidationParameter(new URLSearchParams())).toBe('Warn');
    expect(fieldValidationParameter(new URLSearchParams('fieldValidation='))).toBe('Warn');
  });

  it('reads each directive', () => {
    for (const directive of ['Ignore', 'Warn', 'Strict']) {
      expect(fieldValidationParameter(new URLSearchParams({ fieldValidation: directive }))).toBe(directive);
    }
  });

  it('rejects an unknown directive', () => {
    expect(() => fieldValidationParameter(new URLSearchParams('fieldValidation=strict'))).toThrow(/invalid fieldValidation "strict"/);
  });
});

describe('unknown field detection', () => {
  it('accepts a valid deployment', () => {
    expect(findUnknownFields(fieldSchemaOf(deployments), deployment())).toEqual([]);
  });

  it('names top-level, metadata and nested paths', () => {
    const object = deployment();
    object.extra = 1;
    object.metadata.labelz = {};
    object.spec.replica = 2;
    object.spec.template.spec.container = [];
    object.spec.template.metadata.annotationz = {};
    const paths = findUnknownFields(fieldSchemaOf(deployments), object).map((field) => field.path);
    expect(paths).toEqual(['metadata.labelz', 'spec.template.metadata.annotationz', 'spec.template.spec.container', 'spec.replica', 'extra']);
  });

  it('accepts any top-level field of a STORK snapshot', () => {
    const snapshot = { apiVersion: 'volumesnapshot.external-storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 's', namez: 'x' }, spec: {}, anything: 1 };
    expect(findUnknownFields(fieldSchemaOf(storkSnapshots), snapshot).map((field) => field.path)).toEqual(['metadata.namez']);
  });
});

describe('field validation enforcement', () => {
  it('rejects unknown fields with Strict', () => {
    const object: KubeObject = { ...deployment(), extra: 1 };
    object.spec.foo = true;
    let error: unknown;
    try {
      enforce('Strict', object);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(400);
    expect((error as ApiError).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "extra"',
    );
  });

  it('drops and warns with Warn', () => {
    const object: KubeObject = { ...deployment(), extra: 1 };
    const response = enforce('Warn', object);
    expect(object.extra).toBeUndefined();
    expect(response.getHeader('Warning')).toEqual(['299 - "unknown field \\"extra\\""']);
  });

  it('drops silently with Ignore', () => {
    const object: KubeObject = { ...deployment(), extra: 1 };
    const response = enforce('Ignore', object);
    expect(object.extra).toBeUndefined();
    expect(response.getHeader('Warning')).toBeUndefined();
  });

  it('keeps fields that were already stored', () => {
    const object: KubeObject = { ...deployment(), extra: 1 };
    expect(() => enforce('Strict', object, new Set(['extra']))).not.toThrow();
    expect(object.extra).toBe(1);
  });
});
