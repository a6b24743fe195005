/**
 * The message the fan-out baselines post: the same first check-in the app sends a person in the fan-out benchmark
 * (the welcome with its role question, the prompt, the privacy line, the energy scale, the reflection box, the
 * crisis lines), rendered by our own renderer once. A bare loop posting a one-line text would leave out the cost of
 * sending the real message, as the latency benchmark's bare Bolt app answers with the same help blocks.
 */
import { checkinMessage } from '../../src/core/checkins/index.js';
import type { Message } from '../../src/core/messages/message.js';

export function firstCheckin(): Message {
  return checkinMessage({
    prompt: { text: 'What is one thing that went well this week, however small?', shareable: true },
    deliveryId: '1',
    k: 5,
    crisisLines: true,
    welcome: { howOften: 'every week on Monday at 09:00', askBand: true },
    stopChoice: true,
  });
}
