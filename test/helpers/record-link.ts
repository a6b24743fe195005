/** Press the download button of a record link's page: `POST /record` with the token in the form, as a browser does. */
export function downloadRecord(baseUrl: string, linkOrToken: string): Promise<Response> {
  const token = linkOrToken.split('/record/').at(-1)!;
  return fetch(`${baseUrl}/record`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
}
