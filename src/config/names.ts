import { z } from 'zod';

/** Kubernetes object name (RFC 1123 DNS subdomain, as most kinds accept). */
export const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** Kubernetes label value or namespace name (RFC 1123 DNS label). */
export const KUBERNETES_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Name of a target, as typed in Slack commands. */
export const TARGET_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Slack channel id (public C…, private G…). */
export const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
/** Slack user id (U… or W… for Enterprise Grid). */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
/** Slack user group id. */
export const SLACK_USER_GROUP_ID = /^S[A-Z0-9]{2,}$/;

export const kubernetesName = z
  .string()
  .regex(KUBERNETES_NAME, 'must be a Kubernetes name: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit');

export const kubernetesNamespace = z
  .string()
  .regex(KUBERNETES_LABEL, 'must be a Kubernetes namespace: lowercase letters, digits and "-", at most 63 characters');

export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];
