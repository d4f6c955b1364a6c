import { defineSeed, findRow, idsBy } from './define.ts';
import { calendarFact, kanbanFact, otherDay, relationLabels } from './facts.ts';

/**
 * A small B2B sales team: 5 companies, 7 contacts, 7 deals across the pipeline, 8 activities.
 * Deals start as Lead (the state machine's initial state) and are moved along its transitions
 * in bulk PATCHes, with what each guard asks for (contacts to qualify, an amount and a close date
 * for a proposal, a reason to lose); winning lets the automation stamp the close date.
 */
export const crmLiteSeed = defineSeed(
  'crm-lite',
  async (client, month) => {
    const companies = idsBy(
      await client.insert(
        'companies',
        [
          {
            name: 'Northwind Traders',
            website: 'https://northwind.example',
            industry: 'retail',
            size: 'size_201_1000',
            phone: '+1 206 555 0142',
            address: '1 Pike Place, Seattle, WA 98101',
          },
          {
            name: 'Contoso Health',
            website: 'https://contoso-health.example',
            industry: 'healthcare',
            size: 'size_1000_plus',
            address: '500 Boylston Street, Boston, MA 02116',
          },
          {
            name: 'Fabrikam Manufacturing',
            website: 'https://fabrikam.example',
            industry: 'manufacturing',
            size: 'size_51_200',
            phone: '+49 711 555 2040',
          },
          { name: 'Tailspin Software', industry: 'software', size: 'size_11_50' },
          { name: 'Alpine Ski School', industry: 'education', size: 'size_1_10', phone: '+41 27 555 1890' },
        ],
        (row) => String(row.name),
      ),
      'name',
    );
    // Companies by the first word of their name: `Northwind`, `Contoso`, …
    const company = (word: string) => companies[Object.keys(companies).find((n) => n.startsWith(word))!];
    const people = idsBy(
      await client.insert(
        'contacts',
        [
          ['Nancy', 'Davolio', 'Head of Purchasing', 'Northwind', { email: 'nancy@northwind.example' }],
          ['Andrew', 'Fuller', 'VP Sales', 'Northwind', { email: 'andrew.fuller@northwind.example' }],
          ['Priya', 'Raman', 'CIO', 'Contoso', { email: 'priya.raman@contoso-health.example' }],
          ['Marcus', 'Chen', 'Operations Director', 'Fabrikam', { email: 'm.chen@fabrikam.example' }],
          ['Sofia', 'Alvarez', 'Plant Manager', 'Fabrikam', { phone: '+49 711 555 2047' }],
          ['Jonas', 'Becker', 'CTO', 'Tailspin', { email: 'jonas@tailspin.example' }],
          ['Emma', 'Laurent', 'Director', 'Alpine', { phone: '+41 79 555 3312' }],
        ].map(([first_name, last_name, job_title, at, reach], index) => ({
          first_name,
          last_name,
          job_title,
          company: company(at as string),
          last_contacted: month.ago(index + 1),
          ...(reach as object),
        })),
        (row) => `${row.first_name} ${row.last_name}`,
      ),
      'first_name',
    );
    // Expected close `closeIn` days from today (negative: already past), within the month.
    const deal = (
      name: string,
      names: string[],
      amount: number,
      probability: number,
      source: string,
      closeIn: number,
    ) => ({
      name,
      company: company(name.split(' ')[0]!),
      contacts: names.map((n) => people[n]),
      amount,
      probability,
      source,
      expected_close: month.date(month.day + closeIn),
      owner_email: 'sam.porter@crm-lite.example',
    });
    const deals = idsBy(
      await client.insert(
        'deals',
        [
          {
            ...deal('Northwind POS rollout', ['Nancy', 'Andrew'], 48_000, 60, 'referral', 5),
            referred_by: 'Priya Raman',
            next_step: 'Agree the rollout order for the 12 stores',
          },
          {
            ...deal('Contoso patient portal', ['Priya'], 85_000, 40, 'inbound', 9),
            next_step: 'Security questionnaire back by Friday',
          },
          deal('Fabrikam line sensors', ['Marcus', 'Sofia'], 32_000, 70, 'outbound', -3),
          deal('Tailspin analytics add-on', ['Jonas'], 12_500, 80, 'event', -6),
          deal('Alpine booking system', ['Emma'], 9_000, 20, 'inbound', -2),
          {
            ...deal('Northwind loyalty app', ['Andrew'], 27_000, 25, 'outbound', 12),
            next_step: 'Demo the points engine',
          },
          deal('Fabrikam spare parts portal', [], 15_000, 10, 'inbound', 15),
        ],
        (row) => String(row.name),
      ),
      'name',
    );
    // Along the pipeline, by the first word of the deal: each stage's guard holds for these deals.
    const ids = (...words: string[]) =>
      words.map((w) => deals[Object.keys(deals).find((n) => n.includes(w))!]!);
    await client.update('deals', ids('POS', 'patient', 'sensors', 'analytics', 'loyalty'), {
      stage: 'qualified',
    });
    await client.update('deals', ids('POS', 'patient', 'sensors', 'analytics'), { stage: 'proposal' });
    await client.update('deals', ids('POS'), { stage: 'negotiation' });
    await client.update('deals', ids('sensors', 'analytics'), { stage: 'won' });
    await client.update('deals', ids('booking'), { stage: 'lost', lost_reason: 'no_budget' });

    // `daysAgo` before today (0: today) at `time`, UTC.
    const activity = (
      subject: string,
      word: string,
      kind: string,
      daysAgo: number,
      time: string,
      length?: number,
    ) => ({
      subject,
      deal: ids(word)[0],
      kind,
      happened_at: month.at(month.ago(daysAgo), time),
      ...(length !== undefined ? { length } : {}),
    });
    await client.insert(
      'activities',
      [
        activity('Discovery call with Nancy', 'POS', 'call', 9, '10:00', 1800),
        activity('Sent POS pricing sheet', 'POS', 'email', 7, '14:30'),
        {
          ...activity('On-site demo at Northwind HQ', 'POS', 'demo', 4, '15:00', 5400),
          outcome: 'Store managers loved the offline mode; IT wants SSO.',
          needs_follow_up: true,
          follow_up_on: month.ahead(2),
        },
        activity('Contoso security review', 'patient', 'meeting', 3, '09:30', 3600),
        activity('Fabrikam contract walkthrough', 'sensors', 'meeting', 5, '11:00', 2700),
        activity('Tailspin kickoff planning', 'analytics', 'call', 1, '16:00', 1200),
        {
          ...activity('Alpine budget check-in', 'booking', 'call', 2, '13:00', 900),
          outcome: 'No budget until next season; revisit in spring.',
        },
        activity('Loyalty app intro call', 'loyalty', 'call', 0, '10:30', 1500),
      ],
      (row) => String(row.subject),
    );
  },
  (rows, app, month) => {
    const contoso = findRow(rows, 'deals', 'name', 'Contoso patient portal');
    const introCall = findRow(rows, 'activities', 'subject', 'Loyalty app intro call');
    const moveTo = otherDay(month, month.today);
    const company = findRow(rows, 'companies', 'name', 'Contoso Health').id;
    const tailspin = findRow(rows, 'companies', 'name', 'Tailspin Software').id;
    const priya = findRow(rows, 'contacts', 'first_name', 'Priya').id;
    const northwindDeal = findRow(rows, 'deals', 'name', 'Northwind POS rollout').id;
    const dealInput = {
      name: 'Contoso telehealth pilot',
      company,
      contacts: [priya],
      owner_email: 'sam.porter@crm-lite.example',
      amount: 18_000,
      probability: 30,
      expected_close: month.ahead(10),
      source: 'inbound',
      next_step: 'Send the pilot proposal',
    };
    const unreachable = {
      first_name: 'Olivia',
      last_name: 'Grant',
      job_title: 'Procurement Lead',
      company: tailspin,
    };
    const contactInput = { ...unreachable, email: 'olivia.grant@tailspin.example' };
    const activityInput = {
      deal: northwindDeal,
      kind: 'call',
      subject: 'Follow-up on the rollout timeline',
      happened_at: month.at(month.today, '11:00'),
      length: 1200,
      needs_follow_up: false,
    };
    const labelled = (tableId: string, values: Record<string, unknown>) => ({
      values,
      labels: relationLabels(app, rows, tableId, values),
    });
    return {
      kanbans: [
        kanbanFact(
          app,
          rows,
          'pipeline',
          { rowId: contoso.id, to: 'negotiation' },
          { rowId: contoso.id, to: 'lead' },
        ),
      ],
      calendars: [
        calendarFact(
          app,
          rows,
          month,
          'activity_calendar',
          introCall.id,
          moveTo ? { start: month.at(moveTo, '10:30') } : null,
        ),
      ],
      forms: [
        {
          viewId: 'deal_form',
          tableId: 'deals',
          role: 'manager',
          valid: labelled('deals', dealInput),
          invalid: {
            ...labelled('deals', { ...dealInput, source: 'referral' }),
            message: 'Say who referred this deal.',
          },
        },
        {
          viewId: 'contact_form',
          tableId: 'contacts',
          role: 'assistant',
          valid: labelled('contacts', contactInput),
          invalid: {
            ...labelled('contacts', unreachable),
            message: 'Give an e-mail address or a phone number',
          },
        },
        {
          viewId: 'log_activity',
          tableId: 'activities',
          role: 'rep',
          valid: labelled('activities', activityInput),
          invalid: {
            ...labelled('activities', { ...activityInput, needs_follow_up: true }),
            message: 'Pick a date for the follow-up.',
          },
        },
      ],
      signIn: {
        role: 'assistant',
        email: 'riley.assistant@crm-lite.example',
        tableId: 'deals',
        rows: rows.deals?.length ?? 0,
        hiddenFields: ['amount', 'probability', 'weighted_value'],
      },
    };
  },
);
