import { LessThan, type FindOptionsWhere, type ObjectLiteral, type Repository } from 'typeorm';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Newest-first paging over a table keyed by UUIDv7 ids: ids grow with time, so the cursor
 * is simply the last id of the page and the next page is "ids below it".
 */
export async function pageByIdDesc<T extends ObjectLiteral & { id: string }>(repository: Repository<T>, where: FindOptionsWhere<T>, { limit, cursor }: { limit: number; cursor?: string }): Promise<CursorPage<T>> {
  const rows = await repository.find({
    where: cursor === undefined ? where : { ...where, id: LessThan(cursor) },
    order: { id: 'DESC' } as never,
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}
