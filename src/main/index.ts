import { join } from 'node:path';
import { app, BrowserWindow, Menu, screen, session } from 'electron';
import type { Notifier } from '../engine/alerts/alertService';
import { fallBackToDemoWhenOffline } from '../engine/demoFallback';
import { Engine } from '../engine/engine';
import { openRotatingLog, teeConsole } from '../engine/log/rotatingLog';
import { forwardEvents, WINDOW_CLIENT } from './ipc/contractIpc';
import { registerIpc } from './ipc/typedIpc';
import { saveDialogTarget } from './exportDialog';
import { replayDialogPicker } from './replayDialog';
import { electronSqliteBinding } from './nativeBinding';
import { quitAfterStop } from './lifecycle/gracefulQuit';
import { menuTemplate } from './menuTemplate';
import { nativeNotifier } from './notifier';
import { registerAppScheme, serveAppProtocol } from './window/appProtocol';
import { APP_INDEX_URL, APP_ORIGIN } from './window/appUrl';
import { createSecureWindow } from './window/secureWindow';
import { isAppUrl, lockDownContents, lockDownSession } from './window/security';
import { readWindowState, restoreWindowState, trackWindowState, writeWindowState } from './window/windowState';

// Electron main stays thin: it opens the engine, wires the contract to IPC and makes a
// secure window. Everything else lives in src/engine, shared with the CLI and tests.
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererDir = join(__dirname, '../renderer');
const isTrusted = (url: string) => isAppUrl(url, devServerUrl, APP_ORIGIN);
// Before ready: the built renderer is served on tickscope://app, not file:// (appUrl.ts).
registerAppScheme();

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
  app
    .whenReady()
    .then(start)
    .catch((err) => {
      console.error('Tickscope failed to start:', err);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  // The installed app has no terminal: keep console output in <userData>/logs/tickscope.log (5 MiB x 4).
  const log = openRotatingLog({ file: join(app.getPath('userData'), 'logs', 'tickscope.log') });
  teeConsole(log);
  console.info(
    `Tickscope ${app.getVersion()} starting (${process.platform}-${process.arch}, Electron ${process.versions.electron})`,
  );
  lockDownSession(session.defaultSession, devServerUrl);
  serveAppProtocol(session.defaultSession, rendererDir);
  app.on('web-contents-created', (_e, contents) => lockDownContents(contents, isTrusted));

  // Live Binance by default (TICKSCOPE_SOURCE=demo forces the simulation); when Binance
  // cannot be reached the app falls back to the demo pair and says so (below). The demo
  // runs on a throwaway database of its own, never on tickscope.db.
  const source =
    process.env.TICKSCOPE_SOURCE === 'demo'
      ? { kind: 'demo' as const }
      : {
          kind: 'live' as const,
          symbols: (process.env.TICKSCOPE_SYMBOLS ?? 'BTCUSDT,ETHUSDT').split(','),
          wsUrl: process.env.TICKSCOPE_WS_URL,
          restUrl: process.env.TICKSCOPE_REST_URL,
        };
  let notifier: Notifier | null = null;
  engine = await Engine.open({
    dbPath: process.env.TICKSCOPE_DB ?? join(app.getPath('userData'), 'tickscope.db'),
    nativeBinding: electronSqliteBinding(app.getAppPath(), app.isPackaged),
    source,
    version: app.getVersion(),
    endpoints: { wsUrl: process.env.TICKSCOPE_WS_URL, restUrl: process.env.TICKSCOPE_REST_URL },
    retentionDays: process.env.TICKSCOPE_RETENTION_DAYS ? Number(process.env.TICKSCOPE_RETENTION_DAYS) : undefined,
    // The hub exists before the engine does; the notifier only needs it when an alert fires.
    notifier: { notify: (alert) => notifier?.notify(alert) },
  });
  notifier = nativeNotifier(() => mainWindow, engine.hub);
  engine.setExportTarget(saveDialogTarget(() => mainWindow));
  engine.setReplayPicker(replayDialogPicker(() => mainWindow));
  registerIpc(engine.dispatcher, isTrusted);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        platform: process.platform,
        isDev: Boolean(devServerUrl),
        appName: app.getName(),
        press: (key, modifiers = []) => {
          const contents = mainWindow?.webContents;
          if (!contents) return;
          contents.sendInputEvent({ type: 'keyDown', keyCode: key, modifiers });
          contents.sendInputEvent({ type: 'keyUp', keyCode: key, modifiers });
        },
      }),
    ),
  );
  const running = engine;
  quitAfterStop(app, () => running.stop(), {
    onError: (err) => console.error('Tickscope: stopping the engine failed:', err),
  });
  // The window first: reaching Binance can take seconds, and the dashboard shows the feed
  // connecting meanwhile.
  createWindow(engine);
  await engine.start();
  await fallBackToDemoWhenOffline(engine);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && engine) createWindow(engine);
  });
}

const WINDOW_DEFAULTS = { width: 1440, height: 900, minWidth: 1280, minHeight: 720 };

function createWindow(e: Engine): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = restoreWindowState(
    readWindowState(stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
    screen.getPrimaryDisplay().workArea,
    WINDOW_DEFAULTS,
  );
  const win = createSecureWindow(
    {
      ...state.bounds,
      minWidth: WINDOW_DEFAULTS.minWidth,
      minHeight: WINDOW_DEFAULTS.minHeight,
      show: false,
      backgroundColor: '#0d1117',
      title: 'Tickscope',
      // Linux uses it for the window and taskbar; macOS and Windows take the bundle's icon.
      icon: join(app.getAppPath(), 'resources', 'icon.png'),
    },
    join(__dirname, '../preload/index.cjs'),
  );
  if (state.maximized) win.maximize();
  const windowState = trackWindowState(win, (s) => writeWindowState(stateFile, s));
  mainWindow = win;
  const events = forwardEvents(e.hub, win.webContents);
  win.on('closed', () => {
    events.dispose();
    // The bar series it loaded are no longer pushed; a new window asks for its own.
    e.dispatcher.disconnect(WINDOW_CLIENT);
    windowState.dispose();
    if (mainWindow === win) mainWindow = null;
  });
  win.once('ready-to-show', () => win.show());

  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadURL(APP_INDEX_URL);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
