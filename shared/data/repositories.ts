import { AlertCandidateRepository } from './alert-candidate-repository.ts';
import { AlertRepository } from './alert-repository.ts';
import { AlertSubscriptionRepository } from './alert-subscription-repository.ts';
import { BureauRepository } from './bureau-repository.ts';
import { CaseRepository } from './case-repository.ts';
import { CertificateRepository } from './certificate-repository.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { ConsignmentRepository } from './consignment-repository.ts';
import { DirectoryRepository } from './directory-repository.ts';
import { ExecutionIndexRepository } from './execution-index-repository.ts';
import { MaintenanceRepository } from './maintenance-repository.ts';
import { createAccessRegisters, type AccessRegisters } from './market-access-repository.ts';
import { MarketProcurementRepository } from './market-procurement-repository.ts';
import { NotificationRepository } from './notification-repository.ts';
import { OriginApplicationRepository } from './origin-application-repository.ts';
import { ParcelManifestRepository } from './parcel-manifest-repository.ts';
import { PermitRepository } from './permit-repository.ts';
import { PolicyNoticeRepository } from './policy-notice-repository.ts';
import { RecognisedBodyRepository } from './recognised-body-repository.ts';
import { ReportRepository } from './report-repository.ts';
import { RiskSettingsRepository } from './risk-settings-repository.ts';
import { StatisticsRepository } from './statistics-repository.ts';
import { TaskRepository } from './task-repository.ts';
import { TrainRepository } from './train-repository.ts';
import { WebhookRepository } from './webhook-repository.ts';

export interface Repositories extends AccessRegisters {
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
  /** The alert platform (408号 三（七）): alerts, candidates from nonconformities, enterprises' subscriptions. */
  alerts: AlertRepository;
  alertCandidates: AlertCandidateRepository;
  alertSubscriptions: AlertSubscriptionRepository;
  /** Statistics kept as consignments close, and HQ's risk-grade thresholds (408号 三（二）). */
  statistics: StatisticsRepository;
  riskSettings: RiskSettingsRepository;
  /** Coordination (408号 三（十）、四): cases, the cooperation directory, reports to HQ, policy notices. */
  cases: CaseRepository;
  directory: DirectoryRepository;
  reports: ReportRepository;
  policyNotices: PolicyNoticeRepository;
  /** New trade forms (408号 三（四）): market-procurement registers, global-maintenance pairs, parcel manifests. */
  markets: MarketProcurementRepository;
  maintenance: MaintenanceRepository;
  parcelManifests: ParcelManifestRepository;
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
    alerts: new AlertRepository(config),
    alertCandidates: new AlertCandidateRepository(config),
    alertSubscriptions: new AlertSubscriptionRepository(config),
    statistics: new StatisticsRepository(config),
    riskSettings: new RiskSettingsRepository(config),
    cases: new CaseRepository(config),
    directory: new DirectoryRepository(config),
    reports: new ReportRepository(config),
    policyNotices: new PolicyNoticeRepository(config),
    // 408号 三（三）、（五）: market access, designated sites, going-out assessments, trade-measure notes.
    ...createAccessRegisters(config),
    markets: new MarketProcurementRepository(config),
    maintenance: new MaintenanceRepository(config),
    parcelManifests: new ParcelManifestRepository(config),
  };
}

let processRepositories: Repositories | undefined;

/** The repositories of this process, made on first use (after the environment is in place). */
export function repositories(): Repositories {
  return (processRepositories ??= createRepositories());
}
