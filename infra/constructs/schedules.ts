import { Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup, type CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ScheduleGroupSpec } from '../manifest-types.ts';
import { markManifestEntry } from './manifest-metadata.ts';

/**
 * The manifest's EventBridge Scheduler groups. Schedules themselves are created at run time (one
 * per train run, say) by the functions that manage a group; each group has one execution role
 * that may start only the group's declared target state machines, and nothing else.
 */
export class Schedules extends Construct {
  readonly groups: Record<string, ScheduleGroup> = {};
  readonly roles: Record<string, Role> = {};

  constructor(
    scope: Construct,
    id: string,
    props: { scheduleGroups: Record<string, ScheduleGroupSpec>; stateMachine: (name: string) => IStateMachine },
  ) {
    super(scope, id);
    for (const [name, spec] of Object.entries(props.scheduleGroups)) {
      const group = new ScheduleGroup(this, name);
      markManifestEntry(group.node.defaultChild as CfnScheduleGroup, 'scheduleGroups', name);
      const role = new Role(this, `${name}Role`, {
        // Only Scheduler, acting for this account, may assume it (confused-deputy guard).
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
        description: `Starts the targets of schedules in the ${name} schedule group`,
      });
      spec.targets.forEach((t) => props.stateMachine(t.stateMachine).grantStartExecution(role));
      this.groups[name] = group;
      this.roles[name] = role;
    }
  }

  group(name: string): ScheduleGroup {
    const group = this.groups[name];
    if (!group) throw new Error(`schedule group '${name}' is not declared in the manifest`);
    return group;
  }

  role(name: string): Role {
    const role = this.roles[name];
    if (!role) throw new Error(`schedule group '${name}' is not declared in the manifest`);
    return role;
  }

  /** What a function with `{ scheduleGroup, access: 'manage' }` may do: its group's schedules, run as its role. */
  grantManage(name: string, grantee: IGrantable): void {
    const group = this.group(name);
    group.grantReadSchedules(grantee);
    group.grantWriteSchedules(grantee);
    group.grantDeleteSchedules(grantee);
    this.role(name).grantPassRole(grantee.grantPrincipal);
  }
}
