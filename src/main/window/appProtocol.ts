import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { contentTypeOf } from '../../engine/serve/staticFiles';
import { APP_SCHEME, appFileFor } from './appUrl';
import { CONTENT_SECURITY_POLICY } from './security';

/** Must run before the app is ready: the scheme behaves like https (a secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer (out/renderer, inside app.asar when packaged) on tickscope://app/. */
export function serveAppProtocol(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileFor(request.url, rendererDir);
    if (!file) return new Response('not found', { status: 404 });
    return new Response(await readFile(file), {
      headers: {
        'content-type': contentTypeOf(file),
        'x-content-type-options': 'nosniff',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      },
    });
  });
}
