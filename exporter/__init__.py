"""Chart images on the server: PNG, SVG and PDF through kaleido and the system
Chromium, one warm browser for many images; bundles of every chart with its rows
and caption; atomic writes so a failed export never replaces a good one."""
