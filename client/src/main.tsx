/**
 * The entry: theme and styles at once (the boot preview of a join link is styled by them), then
 * the app once that preview shows its first frame (at most a moment later: see
 * bootPreviewSettled). Everything else is in start.tsx, loaded then.
 */
import './styles.css';
import { installTheme } from './layout/theme';
import { bootPreviewSettled } from './join/boot';

// Light or dark (stored choice, else the system's) before the first paint.
installTheme();

const BOOT_PREVIEW_WAIT_MS = 800;

void bootPreviewSettled(BOOT_PREVIEW_WAIT_MS)
  .then(() => import('./start'))
  .then((m) => m.start());
