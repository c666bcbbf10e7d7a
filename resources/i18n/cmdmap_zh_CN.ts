<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../../cmdmap/ui/app.py" line="+59"/>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
</context>
<context>
    <name>BackupRestore</name>
    <message>
        <location filename="../../cmdmap/ui/backup_restore.py" line="+21"/>
        <location line="+5"/>
        <location line="+5"/>
        <location line="+5"/>
        <location line="+7"/>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>This map has not been saved to a file yet, so it has no backups.</source>
        <translation>这张作战图还没有保存为文件，因此没有备份。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No backups of this file yet: one is kept each time it is saved.</source>
        <translation>这个文件还没有备份：每次保存时会保留一份保存前的版本。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved versions of this file, newest first:</source>
        <translation>这个文件以前保存的版本（最新的在前）：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The changes not yet saved will be lost. Restore anyway?</source>
        <translation>尚未保存的修改将会丢失。仍要恢复吗？</translation>
    </message>
</context>
<context>
    <name>FileAccess</name>
    <message>
        <location filename="../../cmdmap/ui/file_access.py" line="+20"/>
        <source>Opening the file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Implausible data in the file</source>
        <translation>文件中有不合理的数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was changed. Check these features on the map and correct them.</source>
        <translation>文件没有被改动。请在地图上检查并更正这些要素。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../cmdmap/ui/window.py" line="+58"/>
        <source>demo, not saved</source>
        <translation>演示数据，未保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Untitled community</source>
        <translation>未命名社区</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Coordinate reference system: EPSG:%1</source>
        <translation>坐标系：EPSG:%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>X %1 m  Y %2 m</source>
        <translation>X %1 米  Y %2 米</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Restore a backup…</source>
        <translation>恢复备份(&amp;R)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open a battle map</source>
        <translation>打开作战图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GeoPackage files (*.gpkg);;All files (*)</source>
        <translation>GeoPackage 作战图文件 (*.gpkg);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <location filename="../../cmdmap/ui/recovery_prompt.py" line="+17"/>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>attributes changed</source>
        <translation>修改属性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shape or position changed</source>
        <translation>修改形状或位置</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2 %3 处</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This file has unsaved changes from a session that ended without saving (started %1). Restore them?</source>
        <translation>这个文件有上次未保存就意外结束时留下的修改（开始于 %1）。要恢复这些修改吗？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore unsaved changes</source>
        <translation>恢复未保存的修改</translation>
    </message>
</context>
<context>
    <name>TotalsDock</name>
    <message>
        <location filename="../../cmdmap/ui/totals.py" line="+26"/>
        <source>Community totals</source>
        <translation>社区总数</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Isolated residents</source>
        <translation>隔离人员</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Staff</source>
        <translation>工作力量</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>As of %1</source>
        <translation>截至 %1</translation>
    </message>
</context>
</TS>
