import { badRequest } from './api-error.js';
import type { HandlerContext, ResourceRequest } from './handler-context.js';
import { sendText } from './http-io.js';
import { booleanParameter, integerParameter } from './negotiation.js';

/** Serves `GET …/pods/NAME/log` as plain text from the injected log handler (empty without one). */
export async function handlePodLog(context: HandlerContext, call: ResourceRequest): Promise<void> {
  const pod = context.store.get(call.type, call.namespace, call.name as string);
  const containers: string[] = (pod.spec?.containers ?? []).map((container: { name: string }) => container.name);
  const container = call.query.get('container') ?? undefined;
  if (container !== undefined && !containers.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${call.name}`);
  }
  if (container === undefined && containers.length > 1) {
    throw badRequest(`a container name must be specified for pod ${call.name}, choose one of: [${containers.join(' ')}]`);
  }
  const text = context.podLogs
    ? await context.podLogs({
        namespace: call.namespace as string,
        pod,
        container: container ?? containers[0],
        tailLines: integerParameter(call.query, 'tailLines'),
        previous: booleanParameter(call.query, 'previous'),
      })
    : '';
  sendText(call.response, 200, text);
}
