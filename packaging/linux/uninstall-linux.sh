#!/bin/sh
# Remove what install-linux.sh installed for the current user. The reader's library,
# settings and cache stay where they are (see the README: "The reader's data").
set -eu

APP_ID=org.marginalia.Marginalia
data=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir=$HOME/.local/lib/marginalia
link=$HOME/.local/bin/marginalia

if [ -L "$link" ] && [ "$(readlink -- "$link")" = "$app_dir/marginalia" ]; then
    rm -f "$link"
fi
rm -f "$data/applications/$APP_ID.desktop" "$data/metainfo/$APP_ID.metainfo.xml"
for icon in "$data"/icons/hicolor/*/apps/"$APP_ID".png "$data"/icons/hicolor/*/apps/"$APP_ID".svg; do
    if [ -e "$icon" ]; then rm -f "$icon"; fi
done
rm -rf "$app_dir"

if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data/applications" ]; then
    update-desktop-database -q "$data/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d "$data/icons/hicolor" ]; then
    gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
fi

echo "Marginalia is uninstalled (your library and settings are kept)."
