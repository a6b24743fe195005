import type { Message } from '../../core/messages/message.js';
import { isPaused } from '../../store/member.repository.js';
import type { Caller, Feature } from '../context.js';

/** The App Home / "my Roundtable" view: my settings, then what each feature adds (next check-in, pairing, sessions). */
export async function homeView(caller: Caller, features: Feature[], now: Date): Promise<Message> {
  const m = caller.member;
  const settings = [
    `Role: ${m.band ?? 'not set'}`,
    `Lived experience: ${m.lived_experience ? 'yes' : 'not said'} (only you see this)`,
    `Energy scale: ${m.energy_scale ? 'on' : 'off'}`,
    `Organisation: ${m.org ?? 'not set'}`,
    `Time zone: ${m.timezone ?? caller.workspace.timezone}`,
    `Quiet hours: ${m.quiet_start && m.quiet_end ? `${m.quiet_start}-${m.quiet_end}` : 'none'}`,
    isPaused(m, now) ? `Paused until ${new Date(m.paused_until!).toISOString().slice(0, 10)}` : 'Not paused',
  ];
  const blocks: Message['blocks'] = [
    { type: 'section', title: 'Your Roundtable', text: settings.join('\n') },
  ];
  for (const f of features) {
    if (!f.home) continue;
    const extra = await f.home(caller);
    if (extra.length > 0) blocks.push({ type: 'divider' }, ...extra);
  }
  blocks.push({
    type: 'context',
    text: 'Change these with `/roundtable me ...`. `/roundtable privacy` says what is stored.',
  });
  return { text: 'Your Roundtable', blocks };
}
