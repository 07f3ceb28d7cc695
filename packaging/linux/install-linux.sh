#!/bin/sh
# Install Marginalia for the current user, from the app's folder (dist/marginalia
# after `make package`, or the unpacked tar.gz), where this script lies:
#   the folder        -> ~/.local/lib/marginalia/
#   the command       -> ~/.local/bin/marginalia (a link)
#   the menu entry    -> ~/.local/share/applications/org.marginalia.Marginalia.desktop
#   the icons         -> ~/.local/share/icons/hicolor/*/apps/org.marginalia.Marginalia.*
#   the AppStream file-> ~/.local/share/metainfo/org.marginalia.Marginalia.metainfo.xml
# Installing again replaces an earlier version. uninstall-linux.sh removes it all.
set -eu

APP_ID=org.marginalia.Marginalia
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir=$HOME/.local/lib/marginalia
bin_dir=$HOME/.local/bin

if [ ! -x "$here/marginalia" ] || [ ! -d "$here/share" ]; then
    echo "install-linux.sh: run the copy inside the built app's folder (dist/marginalia/)" >&2
    exit 1
fi
case $app_dir in
    *[\"\`\$\\%]*)
        # The menu entry names the program by its full path; these would need escaping.
        echo "install-linux.sh: cannot install under a path with \" \` \$ \\ or %: $app_dir" >&2
        exit 1 ;;
esac

if [ "$here" != "$app_dir" ]; then
    rm -rf "$app_dir"
    mkdir -p "$(dirname -- "$app_dir")"
    cp -R "$here" "$app_dir"
fi
mkdir -p "$bin_dir"
ln -sfn "$app_dir/marginalia" "$bin_dir/marginalia"

# The menu entry runs the program by its full path: a desktop session's PATH does not
# always include ~/.local/bin.
mkdir -p "$data/applications"
while IFS= read -r line; do
    case $line in
        Exec=*) printf 'Exec="%s" %%u\n' "$app_dir/marginalia" ;;
        *) printf '%s\n' "$line" ;;
    esac
done < "$here/share/applications/$APP_ID.desktop" > "$data/applications/$APP_ID.desktop"

mkdir -p "$data/icons/hicolor" "$data/metainfo"
cp -R "$here/share/icons/hicolor/." "$data/icons/hicolor/"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$data/metainfo/"

# Tell the desktop about the new entry, its file types and icons, where it can be told.
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
fi
# marginalia:// links (in exported notes) are Marginalia's own: open them with it.
if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default "$APP_ID.desktop" x-scheme-handler/marginalia || true
fi

echo "Marginalia is installed: $bin_dir/marginalia, and in your desktop's menu."
