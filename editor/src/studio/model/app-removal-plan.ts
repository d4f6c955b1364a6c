import type { AppDefinition, Field, Table } from '../../../../schemas/definitions.ts';
import type { RemovedReference } from './edit-result.ts';
import { quoted } from './edit-result.ts';

export interface FieldRef {
  tableId: string;
  fieldId: string;
}

/** What the builder asked to delete; the plan adds what cannot live without it. */
export interface RemovalRequest {
  tables?: readonly string[];
  fields?: readonly FieldRef[];
  views?: readonly string[];
  automations?: readonly string[];
}

/**
 * The set of tables and fields an app loses, closed over what depends on them: a relation's
 * other side, relations into a deleted table, lookups and rollups through a deleted relation or
 * of a deleted field. Each addition beyond the request is recorded for the builder's warning.
 */
export class RemovalPlan {
  readonly tables: ReadonlySet<string>;
  readonly views: ReadonlySet<string>;
  readonly automations: ReadonlySet<string>;
  readonly removed: RemovedReference[] = [];
  private readonly fields = new Map<string, Set<string>>();
  private readonly byId = new Map<string, Table>();
  /** Why each field beyond the request goes, by `table.field`. */
  private readonly reasons = new Map<string, string>();

  constructor(
    readonly app: AppDefinition,
    request: RemovalRequest,
  ) {
    for (const table of app.tables) if (!this.byId.has(table.id)) this.byId.set(table.id, table);
    this.tables = new Set(request.tables ?? []);
    this.views = new Set(request.views ?? []);
    this.automations = new Set(request.automations ?? []);
    for (const { tableId, fieldId } of request.fields ?? []) this.goneSet(tableId).add(fieldId);
    this.closeOverDependents();
  }

  table(tableId: string): Table | undefined {
    return this.byId.get(tableId);
  }

  tableGone(tableId: string): boolean {
    return this.tables.has(tableId);
  }

  fieldGone(tableId: string, fieldId: string): boolean {
    return this.tables.has(tableId) || (this.fields.get(tableId)?.has(fieldId) ?? false);
  }

  /** `field "Price" of table "Orders"`, named as it was before the edit. */
  fieldName(tableId: string, fieldId: string): string {
    const table = this.byId.get(tableId);
    const field = table?.fields.find((candidate) => candidate.id === fieldId);
    return `field ${quoted(field?.label ?? fieldId)} of table ${quoted(table?.label ?? tableId)}`;
  }

  fieldLabel(tableId: string, fieldId: string): string {
    const field = this.byId.get(tableId)?.fields.find((candidate) => candidate.id === fieldId);
    return quoted(field?.label ?? fieldId);
  }

  /** The fields of a table that stay. */
  survivors(tableId: string): Field[] {
    if (this.tables.has(tableId)) return [];
    return (this.byId.get(tableId)?.fields ?? []).filter((field) => !this.fieldGone(tableId, field.id));
  }

  private goneSet(tableId: string): Set<string> {
    const set = this.fields.get(tableId) ?? new Set<string>();
    this.fields.set(tableId, set);
    return set;
  }

  /** Why a field goes although it was not asked for, or undefined when it was (or stays). */
  cascadeReason(tableId: string, fieldId: string): string | undefined {
    return this.reasons.get(`${tableId}.${fieldId}`);
  }

  private cascade(table: Table, field: Field, why: string): void {
    this.goneSet(table.id).add(field.id);
    this.reasons.set(`${table.id}.${field.id}`, why);
    this.removed.push({
      entity: 'field',
      id: field.id,
      tableId: table.id,
      summary: `${this.fieldName(table.id, field.id)} removed: ${why}`,
    });
  }

  /** Why a surviving field cannot stay, or undefined when it can. */
  private dependsOnGone(table: Table, field: Field): string | undefined {
    if (field.type === 'relation') {
      if (this.tables.has(field.targetTableId))
        return `it relates to table ${quoted(this.byId.get(field.targetTableId)?.label ?? field.targetTableId)}, which is deleted`;
      if (field.inverseFieldId && this.fieldGone(field.targetTableId, field.inverseFieldId))
        return `it is the other side of ${this.fieldName(field.targetTableId, field.inverseFieldId)}`;
      const target = this.byId.get(field.targetTableId);
      const pointing = target?.fields.find(
        (other) =>
          other.type === 'relation' &&
          other.inverseFieldId === field.id &&
          other.targetTableId === table.id &&
          this.fieldGone(target.id, other.id),
      );
      if (pointing && target) return `it is the other side of ${this.fieldName(target.id, pointing.id)}`;
      return undefined;
    }
    if (field.type !== 'lookup' && field.type !== 'rollup') return undefined;
    if (this.fieldGone(table.id, field.relationFieldId))
      return `it goes through ${this.fieldName(table.id, field.relationFieldId)}`;
    const relation = table.fields.find((candidate) => candidate.id === field.relationFieldId);
    if (relation?.type === 'relation' && field.targetFieldId !== undefined) {
      if (this.fieldGone(relation.targetTableId, field.targetFieldId))
        return `it shows ${this.fieldName(relation.targetTableId, field.targetFieldId)}`;
    }
    return undefined;
  }

  private closeOverDependents(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const table of this.byId.values()) {
        if (this.tables.has(table.id)) continue;
        for (const field of table.fields) {
          if (this.fieldGone(table.id, field.id)) continue;
          const why = this.dependsOnGone(table, field);
          if (why === undefined) continue;
          this.cascade(table, field, why);
          changed = true;
        }
      }
    }
  }
}

/** A field that can name a row: readable (not a file, not a link to rows), text first. */
export function primaryCandidate(fields: readonly Field[]): Field | undefined {
  const readable = fields.filter((field) => field.type !== 'attachment' && field.type !== 'relation');
  return readable.find((field) => field.type === 'text') ?? readable[0];
}
