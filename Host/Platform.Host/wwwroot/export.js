// CSV exports with a progress bar (issue 4): the page's own sign-in cookie fetches the export; the server says up front
// how many rows follow (X-Total-Rows), so the bar moves as the rows arrive; the file is then saved as a download.
window.platformExport = async function (url, progressId, statusId) {
    const bar = document.getElementById(progressId);
    const status = document.getElementById(statusId);
    const response = await fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/csv' } });
    if (!response.ok) {
        return { ok: false, status: response.status, rows: 0 };
    }
    const total = parseInt(response.headers.get('X-Total-Rows') || '0', 10);
    const reader = response.body.getReader();
    const chunks = [];
    let lines = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
        const rows = Math.max(0, lines - 1);
        if (bar) { bar.max = Math.max(total, 1); bar.value = Math.min(rows, total); }
        if (status) status.textContent = rows + ' / ' + total;
    }
    const name = /filename\*=UTF-8''([^;]+)/i.exec(response.headers.get('Content-Disposition') || '');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob(chunks, { type: 'text/csv;charset=utf-8' }));
    link.download = name ? decodeURIComponent(name[1]) : 'export.csv';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    return { ok: true, status: response.status, rows: Math.max(0, lines - 1), total: total };
};
