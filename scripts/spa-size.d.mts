/** Sizes in bytes (brotli) of the built web app's JavaScript. */
export interface SpaSize {
  readonly firstLoad: number;
  readonly largestOnUse: { readonly name: string; readonly size: number } | undefined;
  readonly total: number;
}
export function spaSize(root?: string): Promise<SpaSize>;
export function describeSpaSize(size: SpaSize): string;
