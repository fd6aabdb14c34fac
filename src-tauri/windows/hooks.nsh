; Hooks of the Windows installer (NSIS), included by Tauri's template.
;
; The clerk's data (the database, its backups and the logs) lives in
; %APPDATA%\Taavon\TaavonDesk, not in the install folder, so installing a
; newer version over an older one never touches it: the app itself backs the
; database up before it upgrades the schema.
;
; Uninstalling keeps the data unless the clerk ticks the box that deletes
; the application data on the uninstaller's page. An update never
; deletes it. Backups the clerk saved elsewhere (a USB stick) are never
; touched.

!macro NSIS_HOOK_POSTUNINSTALL
  ${If} $DeleteAppDataCheckboxState = 1
  ${AndIf} $UpdateMode <> 1
    RMDir /r "$APPDATA\Taavon\TaavonDesk"
    RMDir "$APPDATA\Taavon"
  ${EndIf}
!macroend
