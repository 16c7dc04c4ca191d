import type { PayloadRequest } from 'payload'

import type { SiteDeployInput } from '../queue'

import { redactError, toPublishingError } from '../errors'
import { adapterContext, IntegrationUnusableError } from '../integrations/adapterContext'

/**
 * A site-level delivery: the integration's adapter deploys the whole site again
 * (`DestinationAdapter.deploySite`). Nothing to do (and done) when the integration is gone,
 * inactive, or its adapter renders no whole sites. A failure throws, redacted of the
 * integration's credentials: the runner releases the job to run again a little later, a few times.
 */
export const deploySiteJob = async (
  req: PayloadRequest,
  input: SiteDeployInput,
): Promise<string> => {
  let secrets: unknown[] = []
  try {
    const { adapter, context, integration } = await adapterContext(
      req.payload,
      req,
      input.integration,
    )
    secrets = Object.values(context.credentials)
    if (!integration.isActive || !adapter.deploySite) return 'skipped'
    await adapter.deploySite(context)
    return 'deployed'
  } catch (caught) {
    if (caught instanceof IntegrationUnusableError) return 'skipped'
    throw redactError(toPublishingError(caught, 'Site deploy'), secrets)
  }
}
