// Paths as the core reports them, on Windows or Linux.

/** The name at the end of a path, with either kind of separator. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter((p) => p !== '').at(-1) ?? path;
}

/** The folder part of a file's path, with either kind of separator. */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path;
}
