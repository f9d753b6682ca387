import { invalidProp } from '../errors';

/** A node condition that marks a machine unhealthy after it has held for `timeoutSeconds`. */
export interface UnhealthyCondition {
  /** Node condition type, e.g. `Ready`. */
  readonly type: string;
  /** Condition status that counts as unhealthy. */
  readonly status: 'True' | 'False' | 'Unknown';
  /** Seconds the condition must hold before remediation. */
  readonly timeoutSeconds: number;
}

/** Props of a machine health check. */
export interface MachineHealthCheckProps {
  /** Conditions that make a machine unhealthy. */
  readonly unhealthyConditions: readonly UnhealthyCondition[];
  /** Seconds a new machine may take to become a node. @default - CAPI's default (10 minutes) */
  readonly nodeStartupTimeoutSeconds?: number;
  /** Remediate only while at most this share of machines is unhealthy, e.g. `40%`. @default - CAPI's default (100%) */
  readonly maxUnhealthy?: string;
}

/** The machine health check of a control plane or worker class. */
export class MachineHealthCheck {
  /** Remediate a machine whose node is not Ready (Unknown or False) for five minutes. */
  public static readonly NODE_NOT_READY = MachineHealthCheck.of({
    unhealthyConditions: [
      { type: 'Ready', status: 'Unknown', timeoutSeconds: 300 },
      { type: 'Ready', status: 'False', timeoutSeconds: 300 },
    ],
  });

  public static of(props: MachineHealthCheckProps): MachineHealthCheck {
    if (props.unhealthyConditions.length === 0) {
      throw invalidProp('MachineHealthCheck.of', 'unhealthyConditions', [], 'at least one condition');
    }
    for (const c of props.unhealthyConditions) {
      if (!Number.isInteger(c.timeoutSeconds) || c.timeoutSeconds < 0) {
        throw invalidProp(
          'MachineHealthCheck.of',
          'timeoutSeconds',
          c.timeoutSeconds,
          'a whole number of seconds ≥ 0',
        );
      }
    }
    if (props.maxUnhealthy !== undefined && !/^(\d+|\d{1,3}%)$/.test(props.maxUnhealthy)) {
      throw invalidProp(
        'MachineHealthCheck.of',
        'maxUnhealthy',
        props.maxUnhealthy,
        'a count like "2" or a percentage like "40%"',
      );
    }
    return new MachineHealthCheck(props);
  }

  private constructor(private readonly props: MachineHealthCheckProps) {}

  /** v1beta1 `machineHealthCheck`. */
  public renderV1beta1(): Record<string, unknown> {
    return {
      unhealthyConditions: this.props.unhealthyConditions.map((c) => ({
        type: c.type,
        status: c.status,
        timeout: `${c.timeoutSeconds}s`,
      })),
      ...(this.props.nodeStartupTimeoutSeconds !== undefined
        ? { nodeStartupTimeout: `${this.props.nodeStartupTimeoutSeconds}s` }
        : {}),
      ...(this.props.maxUnhealthy !== undefined ? { maxUnhealthy: this.props.maxUnhealthy } : {}),
    };
  }

  /** v1beta2 `healthCheck`. */
  public renderV1beta2(): Record<string, unknown> {
    return {
      checks: {
        ...(this.props.nodeStartupTimeoutSeconds !== undefined
          ? { nodeStartupTimeoutSeconds: this.props.nodeStartupTimeoutSeconds }
          : {}),
        unhealthyNodeConditions: this.props.unhealthyConditions.map((c) => ({ ...c })),
      },
      ...(this.props.maxUnhealthy !== undefined
        ? { remediation: { triggerIf: { unhealthyLessThanOrEqualTo: this.props.maxUnhealthy } } }
        : {}),
    };
  }
}
