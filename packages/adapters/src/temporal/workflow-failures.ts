import { DomainError } from '@chargeflow/core';
import { ApplicationFailure } from '@temporalio/client';

/**
 * Workflow and update failures carry core's code as the ApplicationFailure type (the workflows throw
 * `ApplicationFailure.nonRetryable(message, code, details)`): the DomainError they stand for, or
 * undefined for any other error.
 */
export function domainErrorOfFailure(error: unknown): DomainError | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  const failure =
    error instanceof ApplicationFailure ? error : cause instanceof ApplicationFailure ? cause : null;
  if (!failure?.type) return undefined;
  const details = failure.details?.[0];
  return new DomainError(
    failure.type,
    failure.message,
    details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : {},
  );
}
