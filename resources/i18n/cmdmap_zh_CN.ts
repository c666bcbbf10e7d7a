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
    <name>BuildingHeadDialog</name>
    <message>
        <location filename="../../cmdmap/ui/registers.py" line="+145"/>
        <source>Set building head</source>
        <translation>设置楼栋长</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New person…</source>
        <translation>新人员…</translation>
    </message>
</context>
<context>
    <name>BuildingMenu</name>
    <message>
        <location line="+129"/>
        <source>Add isolation…</source>
        <translation>添加隔离…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Isolation register of this building…</source>
        <translation>本楼隔离登记…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set building head…</source>
        <translation>设置楼栋长…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Households and residents…</source>
        <translation>户数和人数…</translation>
    </message>
</context>
<context>
    <name>ChartsDock</name>
    <message>
        <location filename="../../cmdmap/ui/charts_dock.py" line="+27"/>
        <source>Charts</source>
        <translation>统计图</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> per grid</source>
        <translation>（按网格）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Isolated residents per grid</source>
        <translation>隔离人数（按网格）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Isolated residents by kind, day by day</source>
        <translation>各类隔离人数（逐日）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Take today&apos;s snapshot</source>
        <translation>记录今日快照</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>No snapshot of yesterday to compare with</source>
        <translation>没有昨日快照可比较</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Since yesterday: %1</source>
        <translation>较昨日：%1</translation>
    </message>
</context>
<context>
    <name>ColouringMenu</name>
    <message>
        <location filename="../../cmdmap/ui/colouring_menu.py" line="+23"/>
        <source>Colour &amp;buildings by</source>
        <translation>楼栋着色(&amp;B)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Grid</source>
        <translation>按网格(&amp;G)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Isolation load</source>
        <translation>按隔离人数(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Staff coverage (building heads)</source>
        <translation>按楼栋长覆盖(&amp;S)</translation>
    </message>
</context>
<context>
    <name>CountsDock</name>
    <message>
        <location filename="../../cmdmap/ui/counts_dock.py" line="+181"/>
        <source>Counts by level</source>
        <translation>分级统计</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zone</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Micro-grid</source>
        <translation>微网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Count by</source>
        <translation>统计层级</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>As of</source>
        <translation>统计日期</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Warnings</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Households per grid worker, at most</source>
        <translation>每名网格员户数上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micro-grid households, at least</source>
        <translation>微网格户数下限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micro-grid households, at most</source>
        <translation>微网格户数上限</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>… and %1 more</source>
        <translation>……另有 %1 条</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grid worker %1 serves %2 households (more than %3)</source>
        <translation>网格员 %1 负责 %2 户（超过 %3 户）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Micro-grid %1 has %2 households (outside %3–%4)</source>
        <translation>微网格 %1 有 %2 户（不在 %3–%4 户之间）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Building %1 has no building head</source>
        <translation>楼栋 %1 没有楼栋长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 has no grid worker</source>
        <translation>网格 %1 没有网格员</translation>
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
    <name>GridColourMenu</name>
    <message>
        <location filename="../../cmdmap/ui/grid_colour.py" line="+67"/>
        <source>Set grid colour…</source>
        <translation>设置网格颜色…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset to automatic colour</source>
        <translation>恢复自动颜色</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Colour of grid %1</source>
        <translation>网格“%1”的颜色</translation>
    </message>
</context>
<context>
    <name>HouseholdsDialog</name>
    <message>
        <location filename="../../cmdmap/ui/registers.py" line="-99"/>
        <source>Households and residents</source>
        <translation>户数和人数</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../cmdmap/ui/import_dialog.py" line="+35"/>
        <location line="+55"/>
        <location line="+24"/>
        <location line="+104"/>
        <source>Import vector data</source>
        <translation>导入矢量数据</translation>
    </message>
    <message>
        <location line="-170"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>As the file says</source>
        <translation>按文件自带坐标系</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>AMap, Tencent and Baidu coordinates are shifted by hundreds of metres from GPS; choose their system so the data lands in the right place.</source>
        <translation>高德、腾讯、百度地图的坐标与 GPS 相差数百米；请选择对应的坐标系，数据才会落在正确位置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Coordinates of the source</source>
        <translation>源数据坐标系</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Detect</source>
        <translation>自动判断</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Text encoding</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Layers of the file and where they go:</source>
        <translation>文件中的图层及导入位置：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Geometry</source>
        <translation>图形类型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Import into</source>
        <translation>导入到</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fields (cmdmap field ← source field) and a preview:</source>
        <translation>字段对应（作战图字段 ← 源字段）与预览：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Vector data (*.gpkg *.shp *.geojson *.json *.kml *.dxf *.osm *.pbf);;All files (*)</source>
        <translation>矢量数据 (*.gpkg *.shp *.geojson *.json *.kml *.dxf *.osm *.pbf);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Do not import</source>
        <translation>不导入</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>cmdmap field</source>
        <translation>作战图字段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source field</source>
        <translation>源字段</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>(none)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
</context>
<context>
    <name>IsolationDialog</name>
    <message>
        <location filename="../../cmdmap/ui/registers.py" line="-86"/>
        <source>Add isolation</source>
        <translation>添加隔离</translation>
    </message>
    <message>
        <location line="+22"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>隔离天数</translation>
    </message>
</context>
<context>
    <name>IsolationListDialog</name>
    <message>
        <location line="+89"/>
        <source>Isolation register: %1</source>
        <translation>隔离登记：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Release today</source>
        <translation>今日解除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend by 7 days</source>
        <translation>延长 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add isolation…</source>
        <translation>添加隔离…</translation>
    </message>
</context>
<context>
    <name>LegendDock</name>
    <message>
        <location filename="../../cmdmap/ui/legend.py" line="+44"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Buildings coloured by</source>
        <translation>楼栋着色</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Buildings: isolated residents</source>
        <translation>楼栋：隔离人数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Buildings: building heads</source>
        <translation>楼栋：楼栋长</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../cmdmap/ui/window.py" line="+62"/>
        <source>Nothing found for “%1”</source>
        <translation>未找到“%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>demo, not saved</source>
        <translation>演示数据，未保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Untitled community</source>
        <translation>未命名社区</translation>
    </message>
    <message>
        <location line="+15"/>
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
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Import vector data…</source>
        <translation>导入矢量数据(&amp;I)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import a building &amp;roster…</source>
        <translation>导入楼栋花名册(&amp;R)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Restore a backup…</source>
        <translation>恢复备份(&amp;R)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location line="+5"/>
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
        <location line="+7"/>
        <source>Zoom to &amp;selection</source>
        <translation>缩放到选中要素(&amp;S)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open a battle map</source>
        <translation>打开作战图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GeoPackage files (*.gpkg);;All files (*)</source>
        <translation>GeoPackage 作战图文件 (*.gpkg);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Import its layers into a new battle map now?</source>
        <translation>现在把它的图层导入一张新的作战图吗？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../cmdmap/ui/print_dialog.py" line="+33"/>
        <source>Print the battle map</source>
        <translation>打印作战图</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+34"/>
        <source>Custom size</source>
        <translation>自定义尺寸</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Fit the community</source>
        <translation>适合整个社区</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One sheet</source>
        <translation>单张</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poster on A4 sheets</source>
        <translation>拼贴到 A4 纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poster on A3 sheets</source>
        <translation>拼贴到 A3 纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Atlas: one sheet per grid</source>
        <translation>图册：每个网格一页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print grid workers&apos; names on atlas sheets (personal data)</source>
        <translation>图册上印网格员姓名（个人信息）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Margins</source>
        <translation>页边距</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scale</source>
        <translation>比例尺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layout</source>
        <translation>版式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG resolution</source>
        <translation>PNG 分辨率</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Export the battle map</source>
        <translation>导出作战图</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>PropertiesDock</name>
    <message>
        <location filename="../../cmdmap/ui/properties.py" line="+21"/>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Click a feature on the map to see it here.</source>
        <translation>在地图上点击一个要素，在此查看其属性。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Counts</source>
        <translation>统计</translation>
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
    <name>Roster</name>
    <message>
        <location filename="../../cmdmap/ui/roster_dialog.py" line="+32"/>
        <location line="+7"/>
        <location line="+4"/>
        <location line="+2"/>
        <source>Import a building roster</source>
        <translation>导入楼栋花名册</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Rosters (*.xlsx *.csv);;All files (*)</source>
        <translation>花名册 (*.xlsx *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Write these figures into the map?</source>
        <translation>把这些数字写入作战图吗？</translation>
    </message>
</context>
<context>
    <name>Saving</name>
    <message>
        <location filename="../../cmdmap/ui/saving.py" line="+25"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>This map is open read-only. Use Save As… to keep a copy.</source>
        <translation>此作战图以只读方式打开。请用“另存为…”保存副本。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save the battle map as</source>
        <translation>作战图另存为</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GeoPackage files (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The map has changes that are not saved. Save them before closing?</source>
        <translation>作战图有尚未保存的修改。关闭前要保存吗？</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../cmdmap/ui/search.py" line="+30"/>
        <source>Search grids, compounds, buildings (3栋, 果林溪谷, W12)</source>
        <translation>搜索网格、小区、楼栋（3栋、果林溪谷、W12）</translation>
    </message>
</context>
<context>
    <name>TotalsDock</name>
    <message>
        <location filename="../../cmdmap/ui/totals.py" line="+27"/>
        <source>Community totals</source>
        <translation>社区总数</translation>
    </message>
    <message>
        <location line="+61"/>
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
