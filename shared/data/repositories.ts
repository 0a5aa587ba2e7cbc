import { BureauRepository } from './bureau-repository.ts';
import { CertificateRepository } from './certificate-repository.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { ConsignmentRepository } from './consignment-repository.ts';
import { ExecutionIndexRepository } from './execution-index-repository.ts';
import { NotificationRepository } from './notification-repository.ts';
import { OriginApplicationRepository } from './origin-application-repository.ts';
import { PermitRepository } from './permit-repository.ts';
import { RecognisedBodyRepository } from './recognised-body-repository.ts';
import { TaskRepository } from './task-repository.ts';
import { TrainRepository } from './train-repository.ts';
import { WebhookRepository } from './webhook-repository.ts';

export interface Repositories {
  bureaus: BureauRepository;
  trains: TrainRepository;
  consignments: ConsignmentRepository;
  tasks: TaskRepository;
  notifications: NotificationRepository;
  originApplications: OriginApplicationRepository;
  permits: PermitRepository;
  recognisedBodies: RecognisedBodyRepository;
  executions: ExecutionIndexRepository;
  webhooks: WebhookRepository;
  certificates: CertificateRepository;
}

/** Every repository over one table and client; handlers call this once per container. */
export function createRepositories(config: DataConfig = dataConfig()): Repositories {
  return {
    bureaus: new BureauRepository(config),
    trains: new TrainRepository(config),
    consignments: new ConsignmentRepository(config),
    tasks: new TaskRepository(config),
    notifications: new NotificationRepository(config),
    originApplications: new OriginApplicationRepository(config),
    permits: new PermitRepository(config),
    recognisedBodies: new RecognisedBodyRepository(config),
    executions: new ExecutionIndexRepository(config),
    webhooks: new WebhookRepository(config),
    certificates: new CertificateRepository(config),
  };
}

let processRepositories: Repositories | undefined;

/** The repositories of this process, made on first use (after the environment is in place). */
export function repositories(): Repositories {
  return (processRepositories ??= createRepositories());
}
