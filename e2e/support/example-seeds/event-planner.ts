import { defineSeed, findRow, idsBy } from './define.ts';
import { calendarFact, otherDay, relationLabels } from './facts.ts';
import type { SeedMonth } from './rest.ts';

/** An event on one day of the month, from `from` to `to` (UTC, `HH:MM`). */
const on = (month: SeedMonth, date: string, from: string, to: string) => ({
  starts_at: month.at(date, from),
  ends_at: month.at(date, to),
});

/**
 * A city tech meetup's month: 3 venues, 4 speakers, 7 events (one online, one still a draft,
 * one cancelled) and 8 registrations. Two attendees are checked in by an update, so the
 * automation stamps the time; the cancelled event is cancelled after its registrations exist,
 * so the automation flags them.
 */
export const eventPlannerSeed = defineSeed(
  'event-planner',
  async (client, month) => {
    const venues = idsBy(
      await client.insert(
        'venues',
        [
          {
            name: 'The Old Print Works',
            address: '12 Foundry Lane, Leeds LS1 4AB',
            contact_phone: '+44 113 496 0123',
            website: 'https://oldprintworks.example',
            capacity: 120,
            step_free: true,
            hire_cost: 650,
          },
          {
            name: 'Riverside Community Hall',
            address: '3 Water Street, Leeds LS11 5QE',
            capacity: 80,
            step_free: false,
            hire_cost: 180,
          },
          {
            name: 'Canal Street Co-working',
            address: '48 Canal Street, Leeds LS2 7HJ',
            capacity: 40,
            step_free: true,
            hire_cost: 120,
          },
        ],
        (row) => String(row.name),
      ),
      'name',
    );
    const speakers = idsBy(
      await client.insert(
        'speakers',
        [
          {
            name: 'Amara Nwosu',
            headline: 'Staff engineer and accessibility lead',
            email: 'amara@nwosu.example',
          },
          {
            name: 'Tom Lindqvist',
            headline: 'Founder of a two-person SaaS',
            website: 'https://tomlindqvist.example',
          },
          { name: 'Dr Hannah Kerr', headline: 'Researcher in human–computer interaction' },
          { name: 'Rafael Ortega', headline: 'Community organiser and weekend DJ' },
        ],
        (row) => String(row.name),
      ),
      'name',
    );
    interface Planned {
      title: string;
      /** Days from today (negative: past), and the times on that day. */
      inDays: number;
      from: string;
      to: string;
      format: string[];
      /** A venue's name, or the link of an online event. */
      where: string | { meeting_url: string };
      speakers: string[];
      status: string;
      capacity: number;
      ticket_price: number;
      description?: string;
    }
    const event = ({ inDays, from, to, where, speakers: who, ...rest }: Planned) => ({
      ...rest,
      ...on(month, month.date(month.day + inDays), from, to),
      ...(typeof where === 'string' ? { venue: venues[where] } : { online: true, ...where }),
      speakers: who.map((name) => speakers[name]),
      organizer_email: 'hello@leeds-tech-meetup.example',
    });
    const events = idsBy(
      await client.insert(
        'events',
        [
          {
            title: 'Accessible forms, hands-on',
            description: 'Bring a laptop: we fix three real sign-up forms with a screen reader running.',
            inDays: -6,
            from: '18:00',
            to: '20:30',
            format: ['workshop'],
            where: 'The Old Print Works',
            speakers: ['Amara Nwosu'],
            status: 'done',
            capacity: 30,
            ticket_price: 10,
          },
          {
            title: 'Bootstrapping a SaaS on a shoestring',
            inDays: 3,
            from: '18:30',
            to: '20:00',
            format: ['talk'],
            where: 'Canal Street Co-working',
            speakers: ['Tom Lindqvist'],
            status: 'open',
            capacity: 40,
            ticket_price: 0,
          },
          {
            title: 'Research meets practice: a UX panel',
            inDays: 8,
            from: '17:00',
            to: '19:30',
            format: ['panel', 'networking'],
            where: 'The Old Print Works',
            speakers: ['Dr Hannah Kerr', 'Amara Nwosu'],
            status: 'open',
            capacity: 120,
            ticket_price: 12,
          },
          {
            title: "Makers' summer social",
            inDays: 12,
            from: '19:00',
            to: '23:00',
            format: ['social', 'networking'],
            where: 'Riverside Community Hall',
            speakers: ['Rafael Ortega'],
            status: 'full',
            capacity: 6,
            ticket_price: 5,
          },
          {
            title: 'Remote pairing clinic',
            inDays: 5,
            from: '12:00',
            to: '13:30',
            format: ['workshop'],
            where: { meeting_url: 'https://meet.example.com/pairing-clinic' },
            speakers: ['Tom Lindqvist'],
            status: 'open',
            capacity: 30,
            ticket_price: 0,
          },
          {
            title: 'Quiz night fundraiser',
            inDays: 14,
            from: '19:30',
            to: '22:00',
            format: ['social'],
            where: 'Riverside Community Hall',
            speakers: [],
            status: 'draft',
            capacity: 80,
            ticket_price: 8,
          },
          {
            title: 'Intro to home automation',
            inDays: -1,
            from: '18:00',
            to: '20:00',
            format: ['workshop'],
            where: 'Canal Street Co-working',
            speakers: [],
            status: 'open',
            capacity: 20,
            ticket_price: 15,
          },
        ].map(event),
        (row) => String(row.title),
      ),
      'title',
    );
    const registration = (
      attendee_name: string,
      email: string,
      title: string,
      guests: number,
      more: Record<string, unknown> = {},
    ) => ({
      attendee_name,
      email,
      event: events[title],
      guests,
      consent: true,
      ...more,
    });
    const registrations = idsBy(
      await client.insert(
        'registrations',
        [
          registration('Lucy Fairweather', 'lucy.fairweather@example.com', 'Accessible forms, hands-on', 0, {
            dietary: ['vegetarian'],
          }),
          registration('Omar Haddad', 'omar.haddad@example.com', 'Accessible forms, hands-on', 1, {
            dietary: ['halal'],
          }),
          registration('Chloe Martin', 'chloe.martin@example.com', 'Accessible forms, hands-on', 0, {
            needs_access: true,
            access_notes: 'Step-free route from the car park, please.',
          }),
          registration('Ben Okoro', 'ben.okoro@example.com', 'Bootstrapping a SaaS on a shoestring', 0, {
            phone: '+44 7700 900123',
          }),
          registration(
            'Ingrid Svensson',
            'ingrid.svensson@example.com',
            'Bootstrapping a SaaS on a shoestring',
            1,
            { dietary: ['vegan'] },
          ),
          registration('Kwame Mensah', 'kwame.mensah@example.com', "Makers' summer social", 3),
          registration('Aisha Rahman', 'aisha.rahman@example.com', 'Intro to home automation', 0),
          registration('Daniel Novak', 'daniel.novak@example.com', 'Intro to home automation', 1, {
            dietary: ['gluten_free'],
          }),
        ],
        (row) => String(row.attendee_name),
      ),
      'attendee_name',
    );
    await client.update(
      'registrations',
      [registrations['Lucy Fairweather']!, registrations['Omar Haddad']!],
      { checked_in: true },
    );
    await client.update('events', [events['Intro to home automation']!], { status: 'cancelled' });
  },
  (rows, app, month) => {
    const saas = findRow(rows, 'events', 'title', 'Bootstrapping a SaaS on a shoestring');
    const moveTo = otherDay(month, String(saas.starts_at).slice(0, 10));
    const printWorks = findRow(rows, 'venues', 'name', 'The Old Print Works').id;
    const eventInput = {
      title: 'Lightning talks: side projects',
      description: 'Five minutes each, no slides over ten.',
      format: ['talk'],
      ...on(month, month.ahead(6), '18:00', '20:00'),
      online: false,
      venue: printWorks,
      status: 'open',
      capacity: 60,
      ticket_price: 0,
      organizer_email: 'hello@leeds-tech-meetup.example',
    };
    const registerInput = {
      event: saas.id,
      attendee_name: 'Maya Patel',
      email: 'maya.patel@example.com',
      guests: 0,
      needs_access: false,
      consent: true,
    };
    const labelled = (tableId: string, values: Record<string, unknown>) => ({
      values,
      labels: relationLabels(app, rows, tableId, values),
    });
    return {
      kanbans: [],
      calendars: [
        calendarFact(
          app,
          rows,
          month,
          'event_calendar',
          saas.id,
          moveTo ? { start: month.at(moveTo, '18:30'), end: month.at(moveTo, '20:00') } : null,
        ),
      ],
      forms: [
        {
          viewId: 'event_form',
          tableId: 'events',
          role: 'organizer',
          valid: labelled('events', eventInput),
          invalid: {
            ...labelled('events', { ...eventInput, ends_at: month.at(month.ahead(6), '17:00') }),
            message: 'An event must end after it starts.',
          },
        },
        {
          viewId: 'register',
          tableId: 'registrations',
          role: 'attendee',
          valid: labelled('registrations', registerInput),
          invalid: {
            ...labelled('registrations', { ...registerInput, needs_access: true }),
            message: 'Tell us what would help, so we can prepare.',
          },
        },
      ],
      signIn: null,
    };
  },
);
