import { defineSeed, findRow, idsBy } from './define.ts';
import { calendarFact, otherDay, relationLabels } from './facts.ts';

/**
 * One member's habits (5, one paused) and their check-ins this month (8, none in the future, as
 * the rule wants; a partial one says how long it took). Frequencies agree with weekly targets.
 */
export const habitTrackerSeed = defineSeed(
  'habit-tracker',
  async (client, month) => {
    const habits = idsBy(
      await client.insert(
        'habits',
        [
          {
            name: 'Morning run',
            why: 'Training for the half marathon in spring.',
            category: 'fitness',
            frequency: 'weekly',
            weekly_target: 3,
            reminder_time: '06:45',
            started_on: month.date(1),
            buddy_email: 'jamie.ross@example.com',
          },
          {
            name: 'Read 20 pages',
            why: 'Fewer screens in the evening, more books finished.',
            category: 'learning',
            frequency: 'daily',
            weekly_target: 7,
            reminder_time: '21:30',
            started_on: month.date(1),
          },
          {
            name: 'Meditate 10 minutes',
            category: 'mind',
            frequency: 'daily',
            weekly_target: 7,
            reminder_time: '07:15',
            started_on: month.date(2),
          },
          {
            name: 'Call a friend',
            category: 'social',
            frequency: 'weekly',
            weekly_target: 1,
            started_on: month.date(1),
          },
          {
            name: 'Tidy the kitchen before bed',
            category: 'home',
            frequency: 'weekdays',
            weekly_target: 5,
            started_on: month.date(1),
            active: false,
          },
        ],
        (row) => String(row.name),
      ),
      'name',
    );
    const checkIn = (
      habit: string,
      done_on: string,
      time_spent: number,
      completion: number,
      mood: number,
      note: string,
    ) => ({
      habit: habits[habit],
      done_on,
      time_spent,
      completion,
      mood,
      note,
    });
    await client.insert(
      'check_ins',
      [
        checkIn('Morning run', month.ago(6), 1800, 100, 4, '5 km along the river'),
        checkIn('Morning run', month.ago(4), 2100, 100, 5, 'Negative splits!'),
        {
          ...checkIn('Morning run', month.ago(1), 900, 50, 2, 'Knee felt off, walked home'),
          journal: 'Skipped the warm-up again. Stretch first next time.',
        },
        checkIn('Read 20 pages', month.ago(3), 1500, 100, 4, 'Finished chapter 7 of Middlemarch'),
        checkIn('Read 20 pages', month.today, 600, 40, 3, 'Only a few pages tonight'),
        checkIn('Meditate 10 minutes', month.ago(5), 600, 100, 4, 'Body scan with the app'),
        checkIn('Meditate 10 minutes', month.today, 600, 100, 5, 'Ten quiet minutes before work'),
        checkIn('Call a friend', month.ago(2), 2400, 100, 5, 'Caught up with Grandma'),
      ],
      (row) => String(row.note),
    );
  },
  (rows, app, month) => {
    const grandma = findRow(rows, 'check_ins', 'note', 'Caught up with Grandma');
    const moveTo = otherDay(month, String(grandma.done_on), true);
    const reading = findRow(rows, 'habits', 'name', 'Read 20 pages').id;
    const habitInput = {
      name: 'Stretch for ten minutes',
      why: 'My back will thank me.',
      category: 'fitness',
      frequency: 'daily',
      reminder_time: '07:00',
      started_on: month.today,
      active: true,
    };
    const checkInInput = {
      habit: reading,
      done_on: month.today,
      completion: 100,
      time_spent: 1200,
      mood: 4,
      note: 'Read before bed',
    };
    const labels = (values: Record<string, unknown>) => relationLabels(app, rows, 'check_ins', values);
    return {
      kanbans: [],
      calendars: [
        calendarFact(app, rows, month, 'check_in_calendar', grandma.id, moveTo ? { start: moveTo } : null),
      ],
      forms: [
        {
          viewId: 'habit_form',
          tableId: 'habits',
          role: 'member',
          valid: { values: habitInput, labels: {} },
          invalid: {
            values: { ...habitInput, reminder_time: '7.30' },
            labels: {},
            field: 'reminder_time',
            message: 'Reminder time must be a time like 07:30',
          },
        },
        {
          viewId: 'check_in_form',
          tableId: 'check_ins',
          role: 'member',
          valid: { values: checkInInput, labels: labels(checkInInput) },
          invalid: {
            values: { habit: reading, done_on: month.today, completion: 50, mood: 3 },
            labels: labels(checkInInput),
            message: 'For a partial check-in, say how long you spent on it.',
          },
        },
      ],
      signIn: {
        role: 'coach',
        email: 'coach.morgan@habits.example',
        tableId: 'check_ins',
        rows: rows.check_ins?.length ?? 0,
        hiddenFields: ['journal'],
      },
    };
  },
);
