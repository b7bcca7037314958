import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import type { Notifier } from '../engine/alerts/alertService';
import { Engine } from '../engine/engine';
import { defaultDbPath } from '../engine/store/defaultDbPath';
import { forwardEvents } from './ipc/contractIpc';
import { registerIpc } from './ipc/typedIpc';
import { saveDialogTarget } from './exportDialog';
import { electronSqliteBinding } from './nativeBinding';
import { nativeNotifier } from './notifier';
import { isAppUrl, lockDownContents, lockDownSession, secureWebPreferences } from './window/security';

// Electron main stays thin: it opens the engine, wires the contract to IPC and makes a
// secure window. Everything else lives in src/engine, shared with the CLI and tests.
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(__dirname, '../renderer/index.html');
const rendererFileUrl = pathToFileURL(rendererFile).toString();
const isTrusted = (url: string) => isAppUrl(url, devServerUrl, rendererFileUrl);

let engine: Engine | null = null;
let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(start).catch((err) => {
    console.error('Tickscope failed to start:', err);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  lockDownSession(session.defaultSession, devServerUrl);
  app.on('web-contents-created', (_e, contents) => lockDownContents(contents, isTrusted));

  const source = process.env.TICKSCOPE_SOURCE === 'live'
    ? { kind: 'live' as const, symbols: (process.env.TICKSCOPE_SYMBOLS ?? 'BTCUSDT,ETHUSDT').split(','), wsUrl: process.env.TICKSCOPE_WS_URL, restUrl: process.env.TICKSCOPE_REST_URL }
    : { kind: 'demo' as const };
  let notifier: Notifier | null = null;
  engine = await Engine.open({
    dbPath: process.env.TICKSCOPE_DB ?? join(app.getPath('userData'), 'tickscope.db') ?? defaultDbPath(),
    nativeBinding: electronSqliteBinding(app.getAppPath(), app.isPackaged),
    source,
    version: app.getVersion(),
    // The hub exists before the engine does; the notifier only needs it when an alert fires.
    notifier: { notify: (alert) => notifier?.notify(alert) },
  });
  notifier = nativeNotifier(() => mainWindow, engine.hub);
  engine.setExportTarget(saveDialogTarget(() => mainWindow));
  registerIpc(engine.dispatcher, isTrusted);
  await engine.start();
  createWindow(engine);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && engine) createWindow(engine);
  });
}

function createWindow(e: Engine): void {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1280,
    minHeight: 720,
    show: false,
    backgroundColor: '#0d1117',
    title: 'Tickscope',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  mainWindow = win;
  const events = forwardEvents(e.hub, win.webContents);
  win.on('closed', () => {
    events.dispose();
    if (mainWindow === win) mainWindow = null;
  });
  win.once('ready-to-show', () => win.show());
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererFile);
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !engine) return;
  // Flush the last batch before the process goes away.
  event.preventDefault();
  quitting = true;
  engine.stop().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
