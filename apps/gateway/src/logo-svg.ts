/**
 * A plain logo for integrations whose connector declares none: the display name's initials on a colour
 * derived from the name, so each integration is told apart in Talkdesk's list.
 */
export function logoSvg(displayName: string): string {
  const initials =
    displayName
      .split(/\s+/)
      .map((word) => word.charAt(0))
      .join('')
      .slice(0, 2)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '') || '?';
  let hash = 0;
  for (const char of displayName) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" rx="24" fill="hsl(${hash} 55% 42%)"/><text x="64" y="80" font-family="Helvetica, Arial, sans-serif" font-size="52" font-weight="bold" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
}
