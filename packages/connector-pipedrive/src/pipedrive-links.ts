// Links into Pipedrive's web app, for the mappers (the origin comes from `appOriginOf` in the context).

/**
 * Links into Pipedrive's web app (what an agent opens), not the API. Persons and deals have their own
 * pages (`/person/{id}`, `/deal/{id}`); activities and notes have none, so they open in the deal they belong
 * to, else in the person's page, where Pipedrive lists them.
 */
export function pipedriveAppUrl(
  appOrigin: string | undefined,
  page: 'person' | 'deal',
  id: number | string,
): string | undefined {
  if (!appOrigin) return undefined;
  return `${appOrigin}/${page}/${encodeURIComponent(String(id))}`;
}

/** The page an activity or note opens in: its deal, else its person, else the contact it was listed for. */
export function pipedriveItemUrl(
  appOrigin: string | undefined,
  item: { deal_id?: number | null | undefined; person_id?: number | null | undefined },
  contactId: string,
): string | undefined {
  if (item.deal_id !== null && item.deal_id !== undefined)
    return pipedriveAppUrl(appOrigin, 'deal', item.deal_id);
  return pipedriveAppUrl(appOrigin, 'person', item.person_id ?? contactId);
}
