import type { PanelProps } from '../panelProps';

/** Stub until the agreement editor lands. */
export function AgreementPanel(_props: PanelProps) {
  return <p>The agreement editor is not available yet.</p>;
}
