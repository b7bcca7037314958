import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { ReplayPicker } from '../engine/engine';

/**
 * Replay in the desktop app: the user picks recordings in the native open dialog, and only
 * those become replayable (the renderer never hands the engine a path of its own).
 */
export function replayDialogPicker(window: () => BrowserWindow | null): ReplayPicker {
  return async () => {
    const options: OpenDialogOptions = {
      title: 'Replay recordings',
      properties: ['openFile', 'multiSelections'],
      filters: [
        {
          name: 'Stream recordings and Tickscope databases',
          extensions: ['jsonl', 'json', 'log', 'gz', 'db', 'sqlite', 'sqlite3'],
        },
      ],
    };
    const win = window();
    const choice = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return choice.canceled ? [] : choice.filePaths;
  };
}
