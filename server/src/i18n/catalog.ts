/**
 * The server's own words for personal messages (emails, calendar entries), per language. Small and
 * typed on purpose: the client's JSON catalogs are for the interface; these are a handful of
 * sentences, and `Record<MessageKey, string>` makes a missing Spanish sentence a compile error.
 * Placeholders are {{name}}; values are inserted as plain text (emails are text/plain).
 */
import type { CASE_SESSION_KINDS, Language } from '@mediation/shared';

type CaseSessionKind = (typeof CASE_SESSION_KINDS)[number];

const en = {
  'greeting': 'Dear {{name}},',
  'kind.pre-mediation': 'Pre-mediation call',
  'kind.main': 'Mediation session',
  'kind.follow-up': 'Follow-up session',
  'kind.call': 'Call',
  'invitation.subject': 'Invitation: {{kind}} – {{case}}',
  'invitation.invites': '{{mediator}} of {{practice}} invites you to a {{kindLower}} in “{{case}}”.',
  'invitation.staggered': 'Please join at {{joinAt}} (the session starts at {{startsAt}}; the mediator has planned a staggered start). ',
  'invitation.when': 'When: {{startsAt}} ({{minutes}} minutes). Your calendar invite is attached.',
  'invitation.joinAt': 'Please join at {{joinAt}}.',
  'invitation.timeLater': 'The mediator will tell you the time.',
  'invitation.personal': 'Join with your personal link. It is for you alone: please do not forward it.',
  'invitation.validUntil': 'The link works until {{until}}. You do not need an account; open it in an up-to-date browser on a computer or phone, and allow the camera and microphone when asked.',
  'invitation.icsTitle': '{{kind}}: {{case}}',
  'invitation.icsDescription': 'Join with your personal link (for you alone): {{link}}',
  'reminder.subject': 'Reminder: {{kind}} {{soon}} – {{case}}',
  'reminder.tomorrow': 'tomorrow',
  'reminder.inOneHour': 'in one hour',
  'reminder.body': 'A reminder: your {{kindLower}} in “{{case}}” with {{mediator}} of {{practice}} is {{soon}}.',
  'reminder.joinAt': 'Please join at {{joinAt}}.',
  'reminder.noAccount': 'You do not need an account; open it in an up-to-date browser on a computer or phone, and allow the camera and microphone when asked.',
  'survey.subjectFeedback': 'Your feedback – {{session}}',
  'survey.subjectSelf': 'Self-report – {{session}}',
  'survey.subjectReminder': 'Reminder: {{subject}}',
  'survey.reminder': 'A reminder: how was the mediation session “{{session}}”?',
  'survey.self': 'Your short self-report on “{{session}}” (three questions).',
  'survey.ask': 'How was the mediation session “{{session}}”? Three minutes of your time help the mediator improve.',
  'survey.selfPrivacy': 'Your answers are stored without your name.',
  'survey.privacy': 'Your answers are anonymous: they are stored without your name, and the mediator only sees totals once at least three people have answered.',
  'plan.subject': 'Your follow-up plan – {{session}}',
  'plan.intro': 'The mediation session “{{session}}” has ended. This is the follow-up plan as it concerns you.',
  'plan.items': 'Action items:',
  'plan.item': '- {{what}} ({{owner}}; due {{due}}{{clause}})',
  'plan.checkin': '  Tell the mediator how it is going: {{link}}',
  'plan.remindersNote': 'You will get a reminder three days before each due date and a check-in on the day.',
  'plan.noItems': 'No action items concern you.',
  'plan.discovery': 'Information to gather before the follow-up:',
  'plan.followUp': 'Follow-up: {{when}} ({{minutes}} minutes).',
  'plan.purpose': ' Purpose: {{purpose}}',
  'plan.joinFollowUp': 'Join it with your personal link (for you alone; please do not forward it):',
  'plan.signed': 'The agreement was signed by everyone on {{when}}.',
  'plan.attached': ' It is attached to this email as PDF ({{file}}).',
  'plan.download': ' You can also download it from the session page with your personal link:',
  'owner.everyone': 'Everyone',
  'owner.side': '{{side}} side',
  'owner.gone': 'Someone no longer in the session',
  'item.subjectCheckin': 'Check-in: {{what}}',
  'item.subjectReminder': 'Reminder: {{what}}',
  'item.today': 'Today is the due date of this action item from “{{session}}”:',
  'item.soon': 'A reminder: this action item from “{{session}}” is due on {{due}}:',
  'item.tell': 'Tell the mediator whether it is done, not done, or if you need help:',
  'meeting.subject': 'Tomorrow: follow-up session – {{case}}',
  'meeting.body': 'A reminder: the follow-up session in “{{case}}” is on {{when}}.',
  'meeting.join': 'Join with your personal link:',
} as const;

export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = {
  'greeting': 'Estimado/a {{name}}:',
  'kind.pre-mediation': 'Llamada previa a la mediación',
  'kind.main': 'Sesión de mediación',
  'kind.follow-up': 'Sesión de seguimiento',
  'kind.call': 'Llamada',
  'invitation.subject': 'Invitación: {{kind}} – {{case}}',
  'invitation.invites': '{{mediator}}, de {{practice}}, le invita a una {{kindLower}} en «{{case}}».',
  'invitation.staggered': 'Por favor, entre el {{joinAt}} (la sesión empieza el {{startsAt}}; el mediador ha previsto una llegada escalonada). ',
  'invitation.when': 'Cuándo: {{startsAt}} ({{minutes}} minutos). Se adjunta la invitación para su calendario.',
  'invitation.joinAt': 'Por favor, entre el {{joinAt}}.',
  'invitation.timeLater': 'El mediador le indicará la hora.',
  'invitation.personal': 'Entre con su enlace personal. Es solo para usted: por favor, no lo reenvíe.',
  'invitation.validUntil': 'El enlace funciona hasta el {{until}}. No necesita una cuenta; ábralo en un navegador actualizado en un ordenador o un teléfono y permita el uso de la cámara y el micrófono cuando se le pida.',
  'invitation.icsTitle': '{{kind}}: {{case}}',
  'invitation.icsDescription': 'Entre con su enlace personal (solo para usted): {{link}}',
  'reminder.subject': 'Recordatorio: {{kind}} {{soon}} – {{case}}',
  'reminder.tomorrow': 'mañana',
  'reminder.inOneHour': 'dentro de una hora',
  'reminder.body': 'Le recordamos que su {{kindLower}} en «{{case}}» con {{mediator}}, de {{practice}}, es {{soon}}.',
  'reminder.joinAt': 'Por favor, entre el {{joinAt}}.',
  'reminder.noAccount': 'No necesita una cuenta; ábralo en un navegador actualizado en un ordenador o un teléfono y permita el uso de la cámara y el micrófono cuando se le pida.',
  'survey.subjectFeedback': 'Su opinión – {{session}}',
  'survey.subjectSelf': 'Autoevaluación – {{session}}',
  'survey.subjectReminder': 'Recordatorio: {{subject}}',
  'survey.reminder': 'Le recordamos: ¿qué le pareció la sesión de mediación «{{session}}»?',
  'survey.self': 'Su breve autoevaluación de «{{session}}» (tres preguntas).',
  'survey.ask': '¿Qué le pareció la sesión de mediación «{{session}}»? Tres minutos de su tiempo ayudan al mediador a mejorar.',
  'survey.selfPrivacy': 'Sus respuestas se guardan sin su nombre.',
  'survey.privacy': 'Sus respuestas son anónimas: se guardan sin su nombre, y el mediador solo ve resultados totales cuando han respondido al menos tres personas.',
  'plan.subject': 'Su plan de seguimiento – {{session}}',
  'plan.intro': 'La sesión de mediación «{{session}}» ha terminado. Este es el plan de seguimiento en lo que a usted concierne.',
  'plan.items': 'Tareas:',
  'plan.item': '- {{what}} ({{owner}}; vence el {{due}}{{clause}})',
  'plan.checkin': '  Cuente al mediador cómo va: {{link}}',
  'plan.remindersNote': 'Recibirá un recordatorio tres días antes de cada vencimiento y una consulta el mismo día.',
  'plan.noItems': 'Ninguna tarea le concierne.',
  'plan.discovery': 'Información que reunir antes del seguimiento:',
  'plan.followUp': 'Seguimiento: {{when}} ({{minutes}} minutos).',
  'plan.purpose': ' Objetivo: {{purpose}}',
  'plan.joinFollowUp': 'Entre con su enlace personal (solo para usted; por favor, no lo reenvíe):',
  'plan.signed': 'Todas las personas firmaron el acuerdo el {{when}}.',
  'plan.attached': ' Se adjunta a este correo en PDF ({{file}}).',
  'plan.download': ' También puede descargarlo desde la página de la sesión con su enlace personal:',
  'owner.everyone': 'Todos',
  'owner.side': 'Parte {{side}}',
  'owner.gone': 'Alguien que ya no está en la sesión',
  'item.subjectCheckin': 'Consulta: {{what}}',
  'item.subjectReminder': 'Recordatorio: {{what}}',
  'item.today': 'Hoy vence esta tarea de «{{session}}»:',
  'item.soon': 'Le recordamos que esta tarea de «{{session}}» vence el {{due}}:',
  'item.tell': 'Cuente al mediador si está hecha, si no lo está o si necesita ayuda:',
  'meeting.subject': 'Mañana: sesión de seguimiento – {{case}}',
  'meeting.body': 'Le recordamos que la sesión de seguimiento de «{{case}}» es el {{when}}.',
  'meeting.join': 'Entre con su enlace personal:',
};

const CATALOGS: Record<Language, Record<MessageKey, string>> = { en, es };

/** The sentence `key` in `lng` with its {{placeholders}} filled; a missing value is a bug, so it throws. */
export function msg(lng: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return CATALOGS[lng][key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`message ${key} needs {{${name}}}`);
    return String(v);
  });
}

const KIND_KEY: Record<CaseSessionKind, MessageKey> = { 'pre-mediation': 'kind.pre-mediation', main: 'kind.main', 'follow-up': 'kind.follow-up', call: 'kind.call' };
/** "Mediation session" / "Sesión de mediación". */
export const kindLabel = (lng: Language, kind: CaseSessionKind): string => msg(lng, KIND_KEY[kind]);
/** Mid-sentence form: English lower-cases it; Spanish already reads lower-case after the first letter. */
export const kindInSentence = (lng: Language, kind: CaseSessionKind): string => kindLabel(lng, kind).toLowerCase();

/** Every key of every language, for the parity test. */
export const catalogKeys = (lng: Language): string[] => Object.keys(CATALOGS[lng]).sort();
export const catalogValue = (lng: Language, key: MessageKey): string => CATALOGS[lng][key];
