import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Tickscope';
export const DB_FILE_NAME = 'tickscope.db';

/**
 * The user-data folder Electron's app.getPath('userData') gives for an app named
 * "Tickscope", computed without Electron so the CLI and the app share one database.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

/** $TICKSCOPE_DB, else <user data>/tickscope.db. */
export function defaultDbPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const explicit = env.TICKSCOPE_DB;
  if (explicit && explicit.trim().length > 0) return explicit;
  return join(userDataDir(env, platform), DB_FILE_NAME);
}
