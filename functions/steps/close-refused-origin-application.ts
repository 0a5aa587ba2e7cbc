import { closeApplicationRequestSchema } from '#shared/lifecycle/origin/application-closing.ts';
import { closeRefusedApplication } from '#shared/lifecycle/origin/close-refused-application.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** OriginCertificate step after a refusal: the application gives up its slot and the applicant hears the reason. */
export const handler = stepHandler(closeApplicationRequestSchema, async (request) => {
  const application = await closeRefusedApplication(request);
  return { applicationId: application.id, status: application.status };
});
